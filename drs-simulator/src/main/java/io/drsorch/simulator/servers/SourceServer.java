package io.drsorch.simulator.servers;

import io.drsorch.simulator.jobs.Job;
import io.drsorch.simulator.jobs.JobType;
import io.drsorch.simulator.snapshots.SnapshotHistory;
import java.time.Duration;
import java.time.Instant;

/**
 * A source server. It remembers the last job it took part in (which holds it while active), its
 * last launch, its replication state and lag as last set, and its recovery snapshots; everything
 * else about it is derived from those on read.
 *
 * <p>Mutable fields are only touched under the account lock.
 */
public final class SourceServer {

  private final long sequence;
  private final String id;
  private final String arn;
  private final Instant addedAt;
  private final SnapshotHistory snapshots;
  private ReplicationState replicationState;
  private Duration lag;
  private Job lastJob;
  private Job lastLaunch;

  /**
   * A server first seen at {@code addedAt} in {@code state}: a CONTINUOUS one takes a snapshot at
   * once and one every {@code snapshotInterval}; one that has replicated before (STALLED, say) has
   * the snapshot of that moment and takes no more; one still setting up or STOPPED has none.
   */
  public SourceServer(
      long sequence,
      String id,
      String arn,
      Instant addedAt,
      ReplicationState state,
      Duration lag,
      Duration snapshotInterval) {
    this.sequence = sequence;
    this.id = id;
    this.arn = arn;
    this.addedAt = addedAt;
    this.replicationState = state;
    this.lag = requireLag(lag);
    this.snapshots = new SnapshotHistory(id);
    if (state.takesSnapshots()) {
      snapshots.startTaking(addedAt, snapshotInterval);
    } else if (state.hasReplicated()) {
      snapshots.snapshotNow(addedAt);
    }
  }

  public long sequence() {
    return sequence;
  }

  public String id() {
    return id;
  }

  public String arn() {
    return arn;
  }

  public Instant addedAt() {
    return addedAt;
  }

  public Job lastLaunch() {
    return lastLaunch;
  }

  public ReplicationState replicationState() {
    return replicationState;
  }

  public Duration lag() {
    return lag;
  }

  public SnapshotHistory snapshots() {
    return snapshots;
  }

  /**
   * Changes the replication state at {@code now}. Becoming CONTINUOUS takes a snapshot at once and
   * then one every {@code snapshotInterval}; leaving it stops taking them, so the last one ages;
   * becoming STOPPED deletes them all, as the model documents for StopReplication.
   */
  public void changeReplicationState(
      ReplicationState state, Instant now, Duration snapshotInterval) {
    if (state == replicationState) {
      return;
    }
    if (state.takesSnapshots()) {
      snapshots.startTaking(now, snapshotInterval);
    } else {
      snapshots.stopTaking(now);
    }
    if (state == ReplicationState.STOPPED) {
      snapshots.deleteAll(now);
    }
    replicationState = state;
  }

  /** The lag as DRS reports it; it stays as set, it does not grow by itself. */
  public void changeLag(Duration lag) {
    this.lag = requireLag(lag);
  }

  /** DRS allows one active job per source server. */
  public boolean isBusyAt(Instant now) {
    return lastJob != null && lastJob.isActiveAt(now);
  }

  public void joined(Job job) {
    lastJob = job;
    if (job.type() == JobType.LAUNCH) {
      lastLaunch = job;
    }
  }

  private static Duration requireLag(Duration lag) {
    if (lag == null || lag.isNegative()) {
      throw new IllegalArgumentException("lagSeconds must be >= 0, got " + lag);
    }
    return lag;
  }
}
