package io.drsorch.launcher.launch;

import io.drsorch.avro.LaunchWave;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code drsorch_hop_latency_seconds}: for each wave that depends on others (or has before
 * actions), from the end of its last dependency or before action (as the scheduler recorded it in
 * the LaunchWave) to DRS accepting its first StartRecovery: the orchestrator's own delay. Once per
 * wave launch: jobs found already started by an earlier try (a command read again) are not a new
 * hop.
 */
final class HopLatency {

  private static final Timer HOPS =
      Timer.builder("drsorch.hop.latency")
          .description("From a wave's last dependency ending to DRS accepting its StartRecovery")
          .publishPercentileHistogram()
          .register(Metrics.globalRegistry);

  private HopLatency() {}

  static void accepted(LaunchWave command) {
    Instant ended = command.getDependenciesEndedAt();
    if (ended != null) {
      Duration hop = Duration.between(ended, Instant.now());
      HOPS.record(hop.isNegative() ? Duration.ZERO : hop);
    }
  }
}
