package io.vetcd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped conf/ files load, and the three node files describe one consistent local cluster.
 * it/ConfFilesTest runs them with the jar, to show what each actually does.
 */
class ConfSamplesTest {
  private static MemberConfig loadConf(String file) {
    return ConfigLoader.load(new String[] {"-conf", Path.of("conf", file).toString()}, Map.of());
  }

  @Test
  void singleMember() {
    MemberConfig config = loadConf("single.json");
    assertEquals(Path.of("default.etcd"), config.dataDir());
    assertEquals(2379, config.listenClientUrls().get(0).port());
    assertEquals(2380, config.listenPeerUrls().get(0).port());
    assertEquals(1, config.initialCluster().size());
  }

  @Test
  void threeNodesAgreeOnOneCluster() {
    List<MemberConfig> nodes = List.of(loadConf("node1.json"), loadConf("node2.json"), loadConf("node3.json"));
    Set<Integer> ports = new HashSet<>();
    for (MemberConfig node : nodes) {
      assertEquals(nodes.get(0).initialCluster(), node.initialCluster());
      assertEquals(nodes.get(0).initialClusterToken(), node.initialClusterToken());
      assertEquals(node.initialAdvertisePeerUrls(), node.initialCluster().peerUrls(node.name()),
          node.name() + " advertises the peer URLs the others expect");
      assertEquals(node.listenPeerUrls(), node.initialAdvertisePeerUrls());
      assertEquals(node.listenClientUrls(), node.advertiseClientUrls());
      assertEquals(Path.of(node.name() + ".etcd"), node.dataDir());
      ports.add(node.listenClientUrls().get(0).port());
      ports.add(node.listenPeerUrls().get(0).port());
    }
    assertEquals(Set.of(2379, 2380, 22379, 22380, 32379, 32380), ports);
    assertNotEquals(nodes.get(0).name(), nodes.get(1).name());
  }
}
