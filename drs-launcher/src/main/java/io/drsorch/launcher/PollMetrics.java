package io.drsorch.launcher;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * How the launcher's polls spend their time, on /q/metrics: {@code drsorch_launcher_poll_commands}
 * (commands a poll returned), {@code drsorch_launcher_poll_seconds{phase="launch"}} (from the
 * poll's return until every command of it was answered: the DRS calls) and {@code {phase="commit"}}
 * (the transaction that writes their events and offsets). Under load these say whether a backlog of
 * LaunchWave commands waits on DRS or on Kafka.
 */
final class PollMetrics {

  private static final DistributionSummary COMMANDS =
      DistributionSummary.builder("drsorch.launcher.poll.commands")
          .description("LaunchWave commands a poll returned (polls that returned some)")
          .register(Metrics.globalRegistry);

  private static final Timer LAUNCH = phase("launch");
  private static final Timer COMMIT = phase("commit");

  private PollMetrics() {}

  private static Timer phase(String phase) {
    return Timer.builder("drsorch.launcher.poll")
        .description("Time a poll's commands spent in each phase: launch (DRS), commit (Kafka)")
        .tag("phase", phase)
        .register(Metrics.globalRegistry);
  }

  static void polled(int commands) {
    COMMANDS.record(commands);
  }

  static void launched(long startedNanos) {
    LAUNCH.record(Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  static void committed(long startedNanos) {
    COMMIT.record(Duration.ofNanos(System.nanoTime() - startedNanos));
  }
}
