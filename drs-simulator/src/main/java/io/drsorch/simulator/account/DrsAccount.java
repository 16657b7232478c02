package io.drsorch.simulator.account;

import io.drsorch.simulator.faults.Faults;
import io.drsorch.simulator.servers.ReplicationState;
import io.drsorch.simulator.servers.SourceServer;
import io.drsorch.simulator.servers.UnknownSourceServerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
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

  public Duration snapshotInterval() {
    return rules.snapshotInterval();
  }

  /** Runs {@code work} on the region's state under the account lock, with the instant to use. */
  public synchronized <T> T inRegion(String region, Function<RegionView, T> work) {
    RegionState state = regions.computeIfAbsent(region, name -> new RegionState(name, accountId));
    return work.apply(new RegionView(state, now()));
  }

  /** Registers CONTINUOUS source servers (ids already validated); answers how many were new. */
  public int addSourceServers(String region, List<String> sourceServerIds) {
    return addSourceServers(region, sourceServerIds, Optional.empty(), Optional.empty());
  }

  /**
   * Registers source servers (ids already validated) in {@code state} with {@code lag}, CONTINUOUS
   * without lag unless given; a state or lag given is also applied to servers already known, which
   * are otherwise left as they are. Answers how many were new.
   */
  public int addSourceServers(
      String region,
      List<String> sourceServerIds,
      Optional<ReplicationState> state,
      Optional<Duration> lag) {
    return inRegion(
        region,
        view -> {
          // Read under the lock, so that a concurrent change of the interval reschedules these too.
          Duration interval = rules.snapshotInterval();
          int added = 0;
          for (String id : sourceServerIds) {
            if (view.state()
                .addSourceServer(
                    id,
                    view.now(),
                    state.orElse(ReplicationState.CONTINUOUS),
                    lag.orElse(Duration.ZERO),
                    interval)) {
              added++;
            } else {
              SourceServer known = view.state().sourceServer(id).orElseThrow();
              state.ifPresent(s -> known.changeReplicationState(s, view.now(), interval));
              lag.ifPresent(known::changeLag);
            }
          }
          return added;
        });
  }

  /**
   * Runs {@code work} on one source server under the account lock, with the instant to use.
   *
   * @throws UnknownSourceServerException when the region has no such server
   */
  public <T> T onSourceServer(
      String region, String sourceServerId, BiFunction<SourceServer, Instant, T> work) {
    return inRegion(
        region,
        view ->
            work.apply(
                view.state()
                    .sourceServer(sourceServerId)
                    .orElseThrow(
                        () -> new UnknownSourceServerException(accountId, region, sourceServerId)),
                view.now()));
  }

  /** Every server taking snapshots takes its next one {@code interval} from now, then so on. */
  synchronized void rescheduleSnapshots(Duration interval) {
    Instant now = now();
    for (RegionState state : regions.values()) {
      for (SourceServer server : state.sourceServers()) {
        server.snapshots().reschedule(now, interval);
      }
    }
  }

  /** A region's state together with the one instant an operation works at. */
  public record RegionView(RegionState state, Instant now) {}
}
