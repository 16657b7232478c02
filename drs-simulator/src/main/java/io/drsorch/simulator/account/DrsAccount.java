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
 * One simulated AWS account: its state per region, with the timing, quotas and injected faults that
 * all accounts share (see {@link Accounts}). All state changes and reads of one account happen
 * under its lock, so every operation sees a consistent account at one instant; the simulator serves
 * few requests, so one lock per account is plenty.
 */
public final class DrsAccount {

  private final Clock clock;
  private final String accountId;
  private final JobRules rules;
  private final Faults faults;
  private final Map<String, RegionState> regions = new HashMap<>();

  public DrsAccount(Clock clock, String accountId, JobRules rules, Faults faults) {
    this.clock = clock;
    this.accountId = accountId;
    this.rules = rules;
    this.faults = faults;
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
    return rules.timing();
  }

  public Limits limits() {
    return rules.limits();
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
