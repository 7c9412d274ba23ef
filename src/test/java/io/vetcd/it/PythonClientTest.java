package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * python-etcd3, an unmodified third-party client, against a member (scripts: it/etcd3_client.py,
 * it/etcd3_watch.py, it/etcd3_lease.py).
 */
class PythonClientTest {
  /** Debian's python3-etcd3 is installed for the system interpreter only. */
  private static final String PYTHON = "/usr/bin/python3";

  @Test
  void pythonEtcd3ScriptPasses() throws Exception {
    runScript("etcd3_client.py");
  }

  @Test
  void pythonEtcd3WatchScriptPasses() throws Exception {
    runScript("etcd3_watch.py");
  }

  @Test
  void pythonEtcd3LeaseAndLockScriptPasses() throws Exception {
    runScript("etcd3_lease.py");
  }

  private static void runScript(String name) throws Exception {
    try (ServerProcess server = ServerProcess.startUnderTest("python")) {
      CommandResult result = ClientProcess.run(
          List.of(PYTHON, script(name).toString(), "127.0.0.1",
              String.valueOf(server.clientPort())),
          Map.of("PYTHONUNBUFFERED", "1"), "", Duration.ofSeconds(120));
      assertEquals(0, result.exitCode(), () -> name + " failed: " + result.describe());
      assertTrue(result.stdout().contains("all steps passed"), result::describe);
    }
  }

  private static Path script(String name) throws URISyntaxException {
    return Path.of(PythonClientTest.class.getClassLoader().getResource("it/" + name).toURI());
  }
}
