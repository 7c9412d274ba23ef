package io.vetcd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The text /metrics serves: Prometheus' exposition format as etcd's Go client writes it. */
class MetricsTest {
  @Test
  void countersAndHistogramsByLabelInTheTextFormat() {
    Metrics metrics = new Metrics();
    metrics.gauge("watchers", "Total number of watchers.", () -> 3);
    Counter sent = metrics.counter("sent", "Total sends", "To");
    Histogram seconds = metrics.histogram("seconds", "Send latency", "To",
        Metrics.exponentialBuckets(0.1, 2, 3));
    Counter unused = metrics.counter("unused", "Nothing counted", "From");
    sent.inc("b2");
    sent.inc("a1");
    sent.inc("b2");
    seconds.observe("a1", 0.15);
    seconds.observe("a1", 5);

    assertEquals("""
        # HELP watchers Total number of watchers.
        # TYPE watchers gauge
        watchers 3
        # HELP sent Total sends
        # TYPE sent counter
        sent{To="a1"} 1
        sent{To="b2"} 2
        # HELP seconds Send latency
        # TYPE seconds histogram
        seconds_bucket{To="a1",le="0.1"} 0
        seconds_bucket{To="a1",le="0.2"} 1
        seconds_bucket{To="a1",le="0.4"} 1
        seconds_bucket{To="a1",le="+Inf"} 2
        seconds_sum{To="a1"} 5.15
        seconds_count{To="a1"} 2
        """, metrics.render(), "a family with nothing counted is left out, as Go's client does");
    unused.inc("c3");
    assertTrue(metrics.render().endsWith("unused{From=\"c3\"} 1\n"));
  }
}
