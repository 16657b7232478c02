package io.drsorch.simulator;

import io.drsorch.simulator.account.JobRules;
import io.drsorch.simulator.account.Limits;
import io.drsorch.simulator.account.Timing;
import io.drsorch.simulator.events.EventConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the DRS simulator until the process is stopped. Settings (system property or environment
 * variable, see {@link Settings}): {@code http.host} (127.0.0.1), {@code http.port} (8090), {@code
 * sim.pending.seconds} (2), {@code sim.started.seconds} (3), {@code sim.jitter.seconds} (0), {@code
 * sim.max.concurrent.jobs} (20), {@code sim.max.servers.per.call} (200), {@code
 * sim.max.servers.in.active.jobs} (500; also read as {@code sim.max.active.servers}), {@code
 * sim.snapshot.interval.seconds} (600), {@code sim.account.id} (123456789012); launch-result
 * events: {@code sim.event.target.url} (unset: no push; several URLs separated by commas, up to 5:
 * each gets every event), {@code sim.event.api.key.header} (x-api-key), {@code sim.event.api.key},
 * {@code sim.event.loss.rate} (0), {@code sim.event.duplicate.rate} (0), {@code
 * sim.event.delay.seconds} (0), {@code sim.event.seed} (unset: unseeded).
 */
public final class SimulatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimulatorSettings settings = fromSettings();
    DrsSimulator simulator = DrsSimulator.start(settings, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                },
                "drs-simulator-shutdown"));
    LOG.info(
        "DRS simulator ready on {} (jobs PENDING {} s, STARTED {} s + up to {} s; {} concurrent"
            + " jobs, {} servers a call, {} servers in active jobs; a snapshot every {})",
        simulator.endpoint(),
        settings.timing().pendingSeconds(),
        settings.timing().startedSeconds(),
        settings.timing().jitterSeconds(),
        settings.limits().maxConcurrentJobs(),
        settings.limits().maxServersPerCall(),
        settings.limits().maxServersInActiveJobs(),
        settings.snapshotInterval());
    LOG.info(
        "STS AssumeRole on {}; credentials not issued there reach account {}",
        simulator.stsEndpoint(),
        settings.accountId());
    LOG.info(
        "SSM automation (X-Amz-Target AmazonSSM.*) on {}; define documents with PUT"
            + " /_sim/ssm/documents/<name>",
        simulator.endpoint());
    if (settings.events().pushes()) {
      LOG.info("Pushing launch-result events: {}", settings.events());
    }
    stopped.await();
  }

  static SimulatorSettings fromSettings() {
    return new SimulatorSettings(
        Settings.get("http.host", "127.0.0.1"),
        Settings.getInt("http.port", 8090),
        Timing.ofSeconds(
            seconds("sim.pending.seconds", 2),
            seconds("sim.started.seconds", 3),
            seconds("sim.jitter.seconds", 0)),
        new Limits(
            Settings.getInt("sim.max.concurrent.jobs", 20),
            Settings.getInt("sim.max.servers.per.call", 200),
            maxServersInActiveJobs()),
        Settings.get("sim.account.id", SimulatorSettings.DEFAULT_ACCOUNT_ID),
        eventConfig(),
        eventSeed(),
        snapshotInterval());
  }

  /**
   * The quota of source servers across all active jobs: {@code sim.max.servers.in.active.jobs}, or
   * its other name {@code sim.max.active.servers}, or 500.
   */
  private static int maxServersInActiveJobs() {
    return Settings.getInt(
        "sim.max.servers.in.active.jobs",
        Settings.getInt("sim.max.active.servers", Limits.DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS));
  }

  /** Seconds (fractions allowed) between two snapshots of a replicating server; 600 by default. */
  private static Duration snapshotInterval() {
    String name = "sim.snapshot.interval.seconds";
    double seconds = number(name, JobRules.DEFAULT_SNAPSHOT_INTERVAL.toMillis() / 1000.0);
    if (!(seconds >= 0.001) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException(
          "setting "
              + name
              + " ("
              + Settings.envName(name)
              + ") must be a number of seconds of at least 0.001, got: "
              + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static EventConfig eventConfig() {
    String target = Settings.get("sim.event.target.url", null);
    try {
      return new EventConfig(
          EventConfig.parseTargetUrls(target),
          Settings.get("sim.event.api.key.header", EventConfig.DEFAULT_API_KEY_HEADER),
          Settings.get("sim.event.api.key", null),
          rate("sim.event.loss.rate"),
          rate("sim.event.duplicate.rate"),
          EventConfig.delayOfSeconds(number("sim.event.delay.seconds", 0)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("event settings (sim.event.*): " + e.getMessage(), e);
    }
  }

  /** A probability, 0 by default; refused outside 0..1 naming the setting. */
  private static double rate(String name) {
    double rate = number(name, 0);
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(
          "setting "
              + name
              + " ("
              + Settings.envName(name)
              + ") must be between 0 and 1, got: "
              + rate);
    }
    return rate;
  }

  private static OptionalLong eventSeed() {
    String value = Settings.get("sim.event.seed", null);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting sim.event.seed ("
              + Settings.envName("sim.event.seed")
              + ") must be a whole number, got: "
              + value);
    }
  }

  /** Seconds may have fractions (0.5), which {@link Settings#getInt} would refuse. */
  private static double seconds(String name, double fallback) {
    return number(name, fallback);
  }

  private static double number(String name, double fallback) {
    String value = Settings.get(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + name + " (" + Settings.envName(name) + ") must be a number, got: " + value);
    }
  }
}
