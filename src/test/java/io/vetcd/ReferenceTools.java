package io.vetcd;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference programs tests compare vetcd with (etcd 3.4, etcdctl, python3-etcd3), installed
 * by .ci/run. On a developer's machine a missing one skips the test that needs it; under CI
 * (environment CI=true) it fails that test, because a skip there would hide that nothing was
 * compared.
 */
public final class ReferenceTools {
  public static final Path ETCD = Path.of("/usr/bin/etcd");
  public static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

  private ReferenceTools() {}

  /** Skips the calling test when {@code program} is not installed, or fails it under CI. */
  public static void require(Path program) {
    if (Files.isExecutable(program)) {
      return;
    }
    String why = program + " is not installed (.ci/run installs etcd-server, etcd-client, python3-etcd3)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; under CI=true that is a failure, not a skip");
    }
    assumeTrue(false, why);
  }
}
