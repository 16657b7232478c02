package io.drsorch.scheduler.gate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The quota gate's figures, per account and region, as this instance last wrote them: {@code
 * drsorch_quota_active_jobs} (DRS jobs counted against the jobs quota), {@code
 * drsorch_quota_active_servers} (servers in those jobs, counted against the servers quota) and
 * {@code drsorch_quota_queued_waves} (requests waiting in line: launches, and drill cleanups'
 * terminations). Each account and region's gate lives on one partition, so one instance reports it
 * at a time; summed over instances, a series is whole.
 */
final class GateMetrics {

  private static final Map<String, AtomicInteger[]> BY_GATE = new ConcurrentHashMap<>();

  private GateMetrics() {}

  /** The gate of {@code key} ({@code accountId/region}) now holds this. */
  static void wrote(String key, int activeJobs, int activeServers, int queued) {
    AtomicInteger[] figures = BY_GATE.computeIfAbsent(key, GateMetrics::register);
    figures[0].set(activeJobs);
    figures[1].set(queued);
    figures[2].set(activeServers);
  }

  /**
   * This instance no longer holds these gates (their partition moved on a rebalance, or the task
   * closed): it reports them as empty, so that the instance that took them over is the only one
   * counting them and the sum over instances stays whole.
   */
  static void handedOver(Iterable<String> keys) {
    for (String key : keys) {
      AtomicInteger[] figures = BY_GATE.get(key);
      if (figures != null) {
        for (AtomicInteger figure : figures) {
          figure.set(0);
        }
      }
    }
  }

  private static AtomicInteger[] register(String key) {
    int slash = key.indexOf('/');
    Tags tags =
        Tags.of(
            "account", slash < 0 ? "" : key.substring(0, slash),
            "region", slash < 0 ? key : key.substring(slash + 1));
    AtomicInteger active = new AtomicInteger();
    AtomicInteger queued = new AtomicInteger();
    AtomicInteger servers = new AtomicInteger();
    Gauge.builder("drsorch.quota.active.jobs", active, AtomicInteger::get)
        .description("DRS jobs active against the quota, per account and region")
        .tags(tags)
        .register(Metrics.globalRegistry);
    Gauge.builder("drsorch.quota.queued.waves", queued, AtomicInteger::get)
        .description("Requests waiting at the quota gate, per account and region")
        .tags(tags)
        .register(Metrics.globalRegistry);
    Gauge.builder("drsorch.quota.active.servers", servers, AtomicInteger::get)
        .description("Servers in DRS jobs active against the quota, per account and region")
        .tags(tags)
        .register(Metrics.globalRegistry);
    return new AtomicInteger[] {active, queued, servers};
  }
}
