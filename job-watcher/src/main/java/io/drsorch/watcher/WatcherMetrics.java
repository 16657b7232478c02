package io.drsorch.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * The watcher's figures, in Micrometer's global registry (the service's Prometheus registry belongs
 * to it): {@code drsorch_watcher_jobs_watched} (jobs this instance polls), {@code
 * drsorch_watcher_actions_followed} (wave actions this instance follows), {@code
 * drsorch_watcher_poll_interval_seconds} (how long each job really waited between two reads),
 * {@code drsorch_watcher_events_written_total{type}} (what this instance wrote to drs.wave-events:
 * its share of the work when several instances run), {@code drsorch_webhook_events_total{result}}
 * (the launch-result events pushed to it).
 */
public final class WatcherMetrics {

  private final MeterRegistry registry;
  private final Timer pollInterval;

  public WatcherMetrics() {
    this(Metrics.globalRegistry);
  }

  WatcherMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pollInterval =
        Timer.builder("drsorch.watcher.poll.interval")
            .description("How long a watched job waited between two DescribeJobs reads of it")
            .register(registry);
  }

  /** Reports {@code watched} as the number of jobs watched, for as long as it lives. */
  void watching(Supplier<Number> watched) {
    Gauge.builder("drsorch.watcher.jobs.watched", watched)
        .description("DRS jobs this instance watches (polls until they end)")
        .strongReference(true)
        .register(registry);
  }

  /** Reports {@code followed} as the number of wave actions followed, for as long as it lives. */
  void followingActions(Supplier<Number> followed) {
    Gauge.builder("drsorch.watcher.actions.followed", followed)
        .description(
            "Wave actions (SSM automations, HTTP checks) this instance follows to their end")
        .strongReference(true)
        .register(registry);
  }

  Timer pollInterval() {
    return pollInterval;
  }

  /**
   * One event Kafka acknowledged, by its type (JobStatusChanged, WaveCompleted, WaveFailed,
   * TerminationEnded, WaveActionEnded).
   */
  void wrote(String type) {
    Counter.builder("drsorch.watcher.events.written")
        .description("Events this instance wrote to drs.wave-events, by type")
        .tag("type", type)
        .register(registry)
        .increment();
  }

  /** One launch-result event answered so: polling, ignored, unauthorized, malformed, ... */
  public void webhookEvent(String result) {
    Counter.builder("drsorch.webhook.events")
        .description("Launch-result events pushed to POST /events/drs, by what became of them")
        .tag("result", result)
        .register(registry)
        .increment();
  }
}
