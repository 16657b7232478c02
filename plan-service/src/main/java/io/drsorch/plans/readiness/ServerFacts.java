package io.drsorch.plans.readiness;

import io.drsorch.plans.readiness.TargetLookup.ActiveJob;
import io.drsorch.plans.readiness.TargetLookup.Snapshot;
import java.time.Instant;
import software.amazon.awssdk.services.drs.model.DataReplicationInfo;
import software.amazon.awssdk.services.drs.model.SourceServer;

/**
 * What DRS said about one server, before any rule is applied.
 *
 * @param found whether DRS knows the server where its wave recovers
 * @param where the region and account it was looked for in, e.g. {@code us-east-1/123456789012}
 * @param replicationState {@code dataReplicationInfo.dataReplicationState}; null when not found
 * @param lag {@code dataReplicationInfo.lagDuration} as DRS sent it (ISO-8601); null when absent
 * @param activeJob a job that is not COMPLETED and holds the server; null when none
 * @param newest its newest recovery snapshot; null when it has none
 * @param atPointInTime its newest snapshot at or before the point in time asked for; null when
 *     none, or when no point in time was asked for
 */
record ServerFacts(
    boolean found,
    String where,
    String replicationState,
    String lag,
    ActiveJob activeJob,
    Snapshot newest,
    Snapshot atPointInTime) {

  static ServerFacts notFound(String where) {
    return new ServerFacts(false, where, null, null, null, null, null);
  }

  /**
   * The facts of a server DRS knows, completed by its snapshot lookups (on a pool thread; read once
   * they are joined, which orders the writes before the read).
   */
  static final class Builder {
    private final String where;
    private final String replicationState;
    private final String lag;
    private final ActiveJob activeJob;
    private Snapshot newest;
    private Snapshot atPointInTime;

    Builder(String where, SourceServer server, ActiveJob activeJob) {
      DataReplicationInfo replication = server.dataReplicationInfo();
      this.where = where;
      this.replicationState =
          replication == null ? null : replication.dataReplicationStateAsString();
      this.lag = replication == null ? null : replication.lagDuration();
      this.activeJob = activeJob;
    }

    /**
     * The newest snapshot, and with a point in time the newest at or before it: the same one when
     * the newest is that old already, so that a second call is made only when it is not.
     */
    void snapshots(TargetLookup lookup, String sourceServerId, Instant pointInTime) {
      newest = lookup.newestSnapshot(sourceServerId, null).orElse(null);
      if (pointInTime == null || newest == null) {
        return;
      }
      atPointInTime =
          newest.takenAt() != null && !newest.takenAt().isAfter(pointInTime)
              ? newest
              : lookup.newestSnapshot(sourceServerId, pointInTime).orElse(null);
    }

    ServerFacts build() {
      return new ServerFacts(true, where, replicationState, lag, activeJob, newest, atPointInTime);
    }
  }
}
