package io.vetcd.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A registry of metric families, rendered in the order they were registered. As Prometheus' Go
 * client, which etcd uses, a labelled family with nothing counted yet is left out of the text.
 */
public final class Metrics {
  private final List<Family> families = new CopyOnWriteArrayList<>();

  /** A value read when rendered (e.g. how many watchers there are). */
  public void gauge(String name, String help, LongSupplier value) {
    families.add(text -> {
      header(text, name, help, "gauge");
      text.append(name).append(' ').append(value.getAsLong()).append('\n');
    });
  }

  public Counter counter(String name, String help, String label) {
    return register(new Counter(name, help, label));
  }

  /** @param buckets the upper bounds, ascending (+Inf is implied) */
  public Histogram histogram(String name, String help, String label, double... buckets) {
    return register(new Histogram(name, help, label, buckets));
  }

  /** Prometheus' exponential buckets: {@code count} bounds from {@code start}, times factor. */
  public static double[] exponentialBuckets(double start, double factor, int count) {
    double[] bounds = new double[count];
    for (int i = 0; i < count; i++) {
      bounds[i] = start * Math.pow(factor, i);
    }
    return bounds;
  }

  /** Everything, in the text exposition format 0.0.4. */
  public String render() {
    StringBuilder text = new StringBuilder();
    families.forEach(family -> family.render(text));
    return text.toString();
  }

  private <T extends Family> T register(T family) {
    families.add(family);
    return family;
  }

  static void header(StringBuilder text, String name, String help, String type) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n')
        .append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** One metric family's lines. */
  interface Family {
    void render(StringBuilder text);
  }
}
