package io.drsorch.scheduler.execution;

import io.drsorch.avro.ExecutionTransition;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.WaveState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the scheduler's decisions come to, as Prometheus figures: {@code
 * drsorch_wave_duration_seconds{status}} (from a wave's start to its end, for each wave that ended,
 * by its final status; a wave skipped before it started counts with no duration) and {@code
 * drsorch_executions_ended_total{status}}. Recorded when a decision is published; a decision
 * processed again after a crash (exactly-once rolls back its output, not this figure) counts again.
 */
final class ExecutionMetrics {

  private static final Set<String> ENDED =
      Set.of("COMPLETED", "FAILED", "SKIPPED", "TIMED_OUT", "CANCELLED", "REJECTED");

  private ExecutionMetrics() {}

  /** {@code state} is the execution after the decision; null for a rejected request. */
  static void published(ExecutionState state, List<ExecutionTransition> transitions) {
    for (ExecutionTransition t : transitions) {
      String status = t.getToStatus();
      if (!ENDED.contains(status)) {
        continue;
      }
      if (t.getWaveId() == null) {
        Counter.builder("drsorch.executions.ended")
            .description("Executions that ended, by final status")
            .tag("status", status)
            .register(Metrics.globalRegistry)
            .increment();
        continue;
      }
      if (state == null) {
        continue;
      }
      Timer waves =
          Timer.builder("drsorch.wave.duration")
              .description("From a wave's start to its end, by final status")
              .tag("status", status)
              .publishPercentileHistogram()
              .register(Metrics.globalRegistry);
      state.waves().stream()
          .filter(w -> w.waveId().equals(t.getWaveId()))
          .findFirst()
          .ifPresent(w -> waves.record(duration(w)));
    }
  }

  private static Duration duration(WaveState w) {
    if (w.startedAt() == null || w.endedAt() == null || w.endedAt().isBefore(w.startedAt())) {
      return Duration.ZERO;
    }
    return Duration.between(w.startedAt(), w.endedAt());
  }
}
