package io.drsorch.launcher.launch;

import io.drsorch.drsclient.DrsTimestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeRecoverySnapshotsRequest;
import software.amazon.awssdk.services.drs.model.RecoverySnapshot;
import software.amazon.awssdk.services.drs.model.RecoverySnapshotsOrder;

/**
 * For a point-in-time launch, the snapshot each server launches from: its newest recovery snapshot
 * taken at or before the wave's {@code pointInTime}, one {@code DescribeRecoverySnapshots} per
 * server (newest first, one result), asked before any StartRecovery so that a wave with a server
 * that has none is not launched at all.
 *
 * <p>The same question about a past time gets the same answer, so a launch read again after a crash
 * finds the snapshots its jobs were started with, and reports them.
 */
final class PointInTimeSnapshots {

  private static final Logger LOG = LoggerFactory.getLogger(PointInTimeSnapshots.class);

  /** The error code of a WaveLaunchFailed for a wave with servers that have no such snapshot. */
  static final String NO_RECOVERY_SNAPSHOT = "NoRecoverySnapshot";

  /** Nothing pinned: every server launches from its latest data (and no call was made). */
  static final PointInTimeSnapshots LATEST_DATA =
      new PointInTimeSnapshots(null, Map.of(), List.of());

  private final Instant pointInTime;
  private final Map<String, ChosenSnapshot> byServer;
  private final List<String> missing;

  private PointInTimeSnapshots(
      Instant pointInTime, Map<String, ChosenSnapshot> byServer, List<String> missing) {
    this.pointInTime = pointInTime;
    this.byServer = byServer;
    this.missing = missing;
  }

  /**
   * Asks DRS, server by server in the wave's order, and stops at the first call that fails: the
   * caller reports that failure as it reports StartRecovery's, and the next attempt asks again. One
   * call at a time, like the chunks' StartRecovery calls: DRS publishes no rate, and a wave that is
   * throttled should stop asking, not throttle the others.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException as DescribeRecoverySnapshots does
   */
  static PointInTimeSnapshots resolve(DrsClient drs, List<String> servers, Instant pointInTime) {
    // The model's ISO8601DatetimeString ends in Z, which is how an Instant prints.
    String to = pointInTime.toString();
    Map<String, ChosenSnapshot> byServer = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String server : servers) {
      List<RecoverySnapshot> newest =
          drs.describeRecoverySnapshots(
                  DescribeRecoverySnapshotsRequest.builder()
                      .sourceServerID(server)
                      .filters(f -> f.toDateTime(to))
                      .order(RecoverySnapshotsOrder.DESC)
                      .maxResults(1)
                      .build())
              .items();
      ChosenSnapshot chosen = newest.isEmpty() ? null : usable(newest.get(0), server, pointInTime);
      if (chosen == null) {
        missing.add(server);
      } else {
        byServer.put(server, chosen);
      }
    }
    return new PointInTimeSnapshots(pointInTime, byServer, missing);
  }

  /**
   * The snapshot DRS answered, if it is certainly at or before the time: launching from a later one
   * would bring back the very data a point-in-time recovery means to avoid (say, after ransomware),
   * so one whose time cannot be read, or is later, counts as none.
   */
  private static ChosenSnapshot usable(RecoverySnapshot snapshot, String server, Instant limit) {
    // timestamp is when it was really taken; the model only promises expectedTimestamp.
    Instant takenAt = DrsTimestamps.instant(snapshot.timestamp());
    if (takenAt == null) {
      takenAt = DrsTimestamps.instant(snapshot.expectedTimestamp());
    }
    if (takenAt == null || takenAt.isAfter(limit) || snapshot.snapshotID() == null) {
      LOG.warn(
          "server {}: DRS answered snapshot {} taken at {} (expected at {}) for at or before {}:"
              + " not launching from it",
          server,
          snapshot.snapshotID(),
          snapshot.timestamp(),
          snapshot.expectedTimestamp(),
          limit);
      return null;
    }
    return new ChosenSnapshot(server, snapshot.snapshotID(), takenAt);
  }

  /** The snapshot id to launch the server from; null to launch it from its latest data. */
  String snapshotIdOf(String server) {
    ChosenSnapshot chosen = byServer.get(server);
    return chosen == null ? null : chosen.snapshotId();
  }

  /** Those of {@code servers} that have no snapshot at or before the time, in the wave's order. */
  List<String> missingAmong(Collection<String> servers) {
    return missing.stream().filter(servers::contains).toList();
  }

  /** The snapshots found, in the wave's order of servers. */
  List<ChosenSnapshot> chosen() {
    return List.copyOf(byServer.values());
  }

  /** Why the wave is not launched: every server without a snapshot, and the time. */
  String noSnapshotReason(List<String> servers) {
    return "no recovery snapshot at or before "
        + pointInTime
        + " for "
        + String.join(", ", servers);
  }
}
