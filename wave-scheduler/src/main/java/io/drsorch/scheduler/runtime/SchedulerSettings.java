package io.drsorch.scheduler.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** The scheduler's own settings; each is documented in {@code application.properties}. */
@ConfigMapping(prefix = "scheduler")
public interface SchedulerSettings {

  @WithDefault("wave-scheduler")
  String applicationId();

  @WithName("commit.interval.ms")
  @WithDefault("100")
  long commitIntervalMs();

  @WithDefault("PT0.25S")
  Duration tick();

  Launch launch();

  Wave wave();

  Execution execution();

  Drs drs();

  @WithName("max.record.bytes")
  @WithDefault("900000")
  int maxRecordBytes();

  /** Retries of refused launches. */
  interface Launch {
    @WithName("max.attempts")
    @WithDefault("5")
    int maxAttempts();

    @WithDefault("PT1S")
    Duration backoff();
  }

  /** How long a wave may stay LAUNCHING/RUNNING unless its plan says otherwise (0: no limit). */
  interface Wave {
    @WithDefault("PT60M")
    Duration timeout();
  }

  /** How long an execution may run unless its plan says otherwise (0: no limit). */
  interface Execution {
    @WithDefault("PT24H")
    Duration timeout();
  }

  /** The quota gate. */
  interface Drs {
    @WithName("max.concurrent.jobs")
    @WithDefault("20")
    int maxConcurrentJobs();

    @WithName("max.servers.in.active.jobs")
    @WithDefault("500")
    int maxServersInActiveJobs();
  }
}
