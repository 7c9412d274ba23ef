package io.vetcd.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/** A histogram family with one label: cumulative bucket counts, the sum and the count. */
public final class Histogram implements Metrics.Family {
  private final String name;
  private final String help;
  private final String label;
  private final double[] bounds;
  private final Map<String, Series> series = new ConcurrentSkipListMap<>();

  Histogram(String name, String help, String label, double[] bounds) {
    this.name = name;
    this.help = help;
    this.label = label;
    this.bounds = bounds.clone();
  }

  public void observe(String labelValue, double value) {
    series.computeIfAbsent(labelValue, v -> new Series(bounds.length)).observe(bounds, value);
  }

  @Override
  public void render(StringBuilder text) {
    if (series.isEmpty()) {
      return;
    }
    Metrics.header(text, name, help, "histogram");
    series.forEach((value, s) -> s.render(text, name, label + "=\"" + value + "\"", bounds));
  }

  /** One label value's observations; rendered from a consistent copy. */
  private static final class Series {
    private final long[] buckets;
    private long count;
    private double sum;

    Series(int bucketCount) {
      this.buckets = new long[bucketCount];
    }

    synchronized void observe(double[] bounds, double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          buckets[i]++;
        }
      }
      count++;
      sum += value;
    }

    synchronized void render(StringBuilder text, String name, String labels, double[] bounds) {
      for (int i = 0; i < bounds.length; i++) {
        text.append(name).append("_bucket{").append(labels).append(",le=\"").append(bounds[i])
            .append("\"} ").append(buckets[i]).append('\n');
      }
      text.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count)
          .append('\n')
          .append(name).append("_sum{").append(labels).append("} ").append(sum).append('\n')
          .append(name).append("_count{").append(labels).append("} ").append(count).append('\n');
    }
  }
}
