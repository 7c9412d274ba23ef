package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** python-etcd3, an unmodified third-party client, against a member (script: it/etcd3_client.py). */
class PythonClientTest {
  /** Debian's python3-etcd3 is installed for the system interpreter only. */
  private static final String PYTHON = "/usr/bin/python3";

  @Test
  void pythonEtcd3ScriptPasses() throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("python")) {
      CommandResult result = ClientProcess.run(
          List.of(PYTHON, script().toString(), "127.0.0.1", String.valueOf(server.clientPort())),
          Map.of("PYTHONUNBUFFERED", "1"), "", Duration.ofSeconds(120));
      assertEquals(0, result.exitCode(), () -> "etcd3_client.py failed: " + result.describe());
      assertTrue(result.stdout().contains("all steps passed"), result::describe);
    }
  }

  private static Path script() throws URISyntaxException {
    return Path.of(PythonClientTest.class.getClassLoader().getResource("it/etcd3_client.py")
        .toURI());
  }
}
