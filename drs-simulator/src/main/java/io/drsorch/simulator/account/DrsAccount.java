package io.drsorch.simulator.account;

import io.drsorch.simulator.faults.Faults;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One simulated AWS account: its state per region, the timing and quotas in force, and the injected
 * faults. All state changes and reads happen under one lock, so every operation sees a consistent
 * account at one instant; the simulator serves few requests, so one lock is plenty.
 */
public final class DrsAccount {

  private final Clock clock;
  private final String accountId;
  private final Faults faults = new Faults();
  private final Map<String, RegionState> regions = new HashMap<>();
  private volatile Timing timing;
  private volatile Limits limits;

  public DrsAccount(Clock clock, String accountId, Timing timing, Limits limits) {
    this.clock = clock;
    this.accountId = accountId;
    this.timing = timing;
    this.limits = limits;
  }

  /** The current instant at millisecond precision, the precision of every DRS timestamp. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  public String accountId() {
    return accountId;
  }

  public Faults faults() {
    return faults;
  }

  public Timing timing() {
    return timing;
  }

  public void setTiming(Timing timing) {
    this.timing = timing;
  }

  public Limits limits() {
    return limits;
  }

  public void setLimits(Limits limits) {
    this.limits = limits;
  }

  /** Runs {@code work} on the region's state under the account lock, with the instant to use. */
  public synchronized <T> T inRegion(String region, Function<RegionView, T> work) {
    RegionState state = regions.computeIfAbsent(region, name -> new RegionState(name, accountId));
    return work.apply(new RegionView(state, now()));
  }

  /** Registers source servers (already validated); answers how many were new. */
  public int addSourceServers(String region, List<String> sourceServerIds) {
    return inRegion(
        region,
        view -> {
          int added = 0;
          for (String id : sourceServerIds) {
            if (view.state().addSourceServer(id, view.now())) {
              added++;
            }
          }
          return added;
        });
  }

  /** A region's state together with the one instant an operation works at. */
  public record RegionView(RegionState state, Instant now) {}
}
