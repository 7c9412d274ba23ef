/**
 * The member's metrics, served on /metrics in Prometheus' text format with etcd's names, help
 * texts and labels, so that dashboards and alerts written for etcd read vetcd alike. Any layer
 * may count into a {@link io.vetcd.metrics.Metrics} it is given; only the HTTP endpoint renders
 * it. Thread-safe: counted on event loops and workers, rendered on a client API loop.
 */
package io.vetcd.metrics;
