package io.drsorch.simulator;

import io.drsorch.simulator.account.JobRules;
import io.drsorch.simulator.account.Limits;
import io.drsorch.simulator.account.Timing;
import io.drsorch.simulator.events.EventConfig;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * How a simulator starts: where it listens, how long jobs take, the quotas it enforces, the id of
 * the default account (the one every caller reaches unless it assumed a role in another), where it
 * pushes launch-result events, and how often replicating servers take recovery snapshots.
 *
 * @param eventSeed seed of the random that loses and duplicates events; empty for an unseeded one
 */
public record SimulatorSettings(
    String host,
    int port,
    Timing timing,
    Limits limits,
    String accountId,
    EventConfig events,
    OptionalLong eventSeed,
    Duration snapshotInterval) {

  public static final String DEFAULT_ACCOUNT_ID = "123456789012";

  public SimulatorSettings {
    JobRules.requireInterval(snapshotInterval);
  }

  /** With snapshots every 10 minutes. */
  public SimulatorSettings(
      String host,
      int port,
      Timing timing,
      Limits limits,
      String accountId,
      EventConfig events,
      OptionalLong eventSeed) {
    this(
        host,
        port,
        timing,
        limits,
        accountId,
        events,
        eventSeed,
        JobRules.DEFAULT_SNAPSHOT_INTERVAL);
  }

  /** Without event pushing. */
  public SimulatorSettings(String host, int port, Timing timing, Limits limits, String accountId) {
    this(host, port, timing, limits, accountId, EventConfig.NONE, OptionalLong.empty());
  }

  /** Listening on {@code host:port} (0 for a free port), with DRS's defaults and 2 s + 3 s jobs. */
  public static SimulatorSettings of(String host, int port) {
    return new SimulatorSettings(
        host, port, Timing.ofSeconds(2, 3, 0), Limits.DEFAULTS, DEFAULT_ACCOUNT_ID);
  }
}
