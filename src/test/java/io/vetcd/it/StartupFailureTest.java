package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A member that cannot serve says why and exits, as etcd does, instead of hanging. */
class StartupFailureTest {

  @Test
  void clientPortInUseEndsTheProcessWithAnError() throws Exception {
    Path dataDir = Files.createTempDirectory("vetcd-it-port-in-use-");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int peerPort = peer.getLocalPort();
      peer.close(); // only to pick a free port for the peer URL
      List<String> command = new ArrayList<>(MemberKind.underTest().launcher());
      command.addAll(ServerProcess.memberFlags("busy", dataDir, taken.getLocalPort(), peerPort));
      Path log = dataDir.resolve("output.log");
      Process member = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      boolean exited = member.waitFor(30, TimeUnit.SECONDS);
      if (!exited) {
        member.destroyForcibly().waitFor();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(exited, "still running 30 s after its port was refused; output:\n" + output);
      assertNotEquals(0, member.exitValue(), output);
      assertTrue(output.toLowerCase(Locale.ROOT).contains("address already in use"), output);
    } finally {
      ServerProcess.deleteRecursively(dataDir);
    }
  }
}
