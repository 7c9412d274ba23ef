package io.vetcd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The differential masks hide ids, terms and timings, and nothing a client relies on. */
class OutputMasksTest {

  @Test
  void idsTermsAndPortsAreMasked() {
    String etcd = "{\"header\":{\"cluster_id\":324952591200643719,\"member_id\":3319814642761637952,"
        + "\"revision\":3,\"raft_term\":2}} 127.0.0.1:23790 took = 2.0278ms";
    String other = "{\"header\":{\"cluster_id\":1,\"member_id\":2,\"revision\":3,\"raft_term\":7}}"
        + " 127.0.0.1:41000 took = 11ms";
    assertEquals(OutputMasks.apply(etcd), OutputMasks.apply(other));
  }

  @Test
  void revisionsValuesAndKvVersionsStayVisible() {
    String kv = "{\"header\":{\"revision\":%d},\"kvs\":[{\"key\":\"YQ==\",\"mod_revision\":%d,"
        + "\"version\":%d,\"value\":\"%s\"}]}";
    String base = OutputMasks.apply(kv.formatted(3, 2, 1, "MQ=="));
    assertNotEquals(base, OutputMasks.apply(kv.formatted(4, 2, 1, "MQ==")));
    assertNotEquals(base, OutputMasks.apply(kv.formatted(3, 3, 1, "MQ==")));
    assertNotEquals(base, OutputMasks.apply(kv.formatted(3, 2, 2, "MQ==")));
    assertNotEquals(base, OutputMasks.apply(kv.formatted(3, 2, 1, "Mg==")));
  }
}
