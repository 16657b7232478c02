package io.drsorch.simulator.snapshots;

import io.drsorch.simulator.account.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The recovery snapshots of one source server. While it is taking them, it takes one at once and
 * then one every interval; those that fell due are created on the next look at the history, from
 * the clock, so no timer runs per server and a hand-moved clock sees them exactly on time.
 *
 * <p>Only the newest {@link #MAX_KEPT} are kept, which bounds memory whatever the interval and the
 * uptime (DRS's own point-in-time policy keeps far fewer, a week's at most).
 *
 * <p>Not thread-safe: only touched under the account lock, with instants that do not go back.
 */
public final class SnapshotHistory {

  public static final int MAX_KEPT = 1000;

  private final String sourceServerId;
  private final List<RecoverySnapshot> snapshots = new ArrayList<>();
  private final Map<String, RecoverySnapshot> byId = new HashMap<>();
  private long sequence;

  /** The schedule; both null while no snapshots are being taken. */
  private Duration interval;

  private Instant nextDue;

  public SnapshotHistory(String sourceServerId) {
    this.sourceServerId = sourceServerId;
  }

  /** Takes one snapshot now, then one every {@code interval} until {@link #stopTaking}. */
  public void startTaking(Instant now, Duration interval) {
    catchUp(now);
    this.interval = requirePositive(interval);
    this.nextDue = now;
    catchUp(now);
  }

  /** Takes the snapshots due by {@code now}, and no more after it. */
  public void stopTaking(Instant now) {
    catchUp(now);
    interval = null;
    nextDue = null;
  }

  /** One snapshot now, whether or not snapshots are being taken on schedule. */
  public void snapshotNow(Instant now) {
    catchUp(now);
    take(now);
    trim();
  }

  /**
   * A new interval from {@code now} on: the next snapshot falls one new interval after now. Nothing
   * changes for a history that is not taking snapshots.
   */
  public void reschedule(Instant now, Duration newInterval) {
    requirePositive(newInterval);
    if (nextDue != null) {
      catchUp(now);
      interval = newInterval;
      nextDue = now.plus(newInterval);
    }
  }

  /**
   * Replaces every snapshot with one at each of {@code times} (none in the future, none twice); a
   * history that is taking snapshots takes its next one an interval after {@code now}.
   *
   * @return the new snapshots, oldest first
   * @throws IllegalArgumentException naming the time that cannot be a snapshot's
   */
  public List<RecoverySnapshot> replace(List<Instant> times, Instant now) {
    if (times.size() > MAX_KEPT) {
      throw new IllegalArgumentException(
          "snapshots has " + times.size() + " times, at most " + MAX_KEPT + " are kept");
    }
    Set<Instant> seen = new HashSet<>();
    for (Instant time : times) {
      if (time.isAfter(now)) {
        throw new IllegalArgumentException(
            "snapshot time " + time + " is in the future (now is " + now + ")");
      }
      if (!seen.add(time)) {
        throw new IllegalArgumentException("snapshot time " + time + " is listed twice");
      }
    }
    catchUp(now);
    clear();
    times.stream().sorted().forEach(this::take);
    if (nextDue != null) {
      nextDue = now.plus(interval);
    }
    return at(now);
  }

  /** Deletes every snapshot (the schedule, if any, goes on). */
  public void deleteAll(Instant now) {
    catchUp(now);
    clear();
  }

  /** The snapshots taken by {@code now}, oldest first. */
  public List<RecoverySnapshot> at(Instant now) {
    catchUp(now);
    return Collections.unmodifiableList(snapshots);
  }

  public Optional<RecoverySnapshot> find(String snapshotId, Instant now) {
    catchUp(now);
    return Optional.ofNullable(byId.get(snapshotId));
  }

  public Optional<RecoverySnapshot> latest(Instant now) {
    catchUp(now);
    return snapshots.isEmpty()
        ? Optional.empty()
        : Optional.of(snapshots.get(snapshots.size() - 1));
  }

  /**
   * Creates the scheduled snapshots due by {@code now}; after a long gap only the newest {@link
   * #MAX_KEPT} of them, counted without stepping through the others.
   */
  private void catchUp(Instant now) {
    if (nextDue == null || nextDue.isAfter(now)) {
      return;
    }
    long step = interval.toMillis();
    long due = Duration.between(nextDue, now).toMillis() / step + 1;
    long skipped = Math.max(0, due - MAX_KEPT);
    Instant at = nextDue.plusMillis(skipped * step);
    for (long k = skipped; k < due; k++) {
      take(at);
      at = at.plusMillis(step);
    }
    nextDue = at;
    trim();
  }

  private void take(Instant at) {
    String id = Ids.newRecoverySnapshotId();
    while (byId.containsKey(id)) {
      id = Ids.newRecoverySnapshotId();
    }
    RecoverySnapshot snapshot =
        new RecoverySnapshot(++sequence, id, sourceServerId, at, Ids.newEbsSnapshotId());
    snapshots.add(snapshot);
    byId.put(id, snapshot);
  }

  private void trim() {
    if (snapshots.size() > MAX_KEPT) {
      List<RecoverySnapshot> oldest = snapshots.subList(0, snapshots.size() - MAX_KEPT);
      oldest.forEach(snapshot -> byId.remove(snapshot.id()));
      oldest.clear();
    }
  }

  private void clear() {
    snapshots.clear();
    byId.clear();
  }

  private static Duration requirePositive(Duration interval) {
    if (interval == null || interval.toMillis() < 1) {
      throw new IllegalArgumentException(
          "the snapshot interval must be at least 1 ms, got " + interval);
    }
    return interval;
  }
}
