package io.vetcd.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** A counter family with one label (etcd's {@code To} or {@code From} member id, say). */
public final class Counter implements Metrics.Family {
  private final String name;
  private final String help;
  private final String label;
  /** Sorted by label value, as Prometheus' Go client writes them. */
  private final Map<String, LongAdder> values = new ConcurrentSkipListMap<>();

  Counter(String name, String help, String label) {
    this.name = name;
    this.help = help;
    this.label = label;
  }

  public void inc(String labelValue) {
    values.computeIfAbsent(labelValue, v -> new LongAdder()).increment();
  }

  @Override
  public void render(StringBuilder text) {
    if (values.isEmpty()) {
      return;
    }
    Metrics.header(text, name, help, "counter");
    values.forEach((value, count) -> text.append(name).append('{').append(label).append("=\"")
        .append(value).append("\"} ").append(count.sum()).append('\n'));
  }
}
