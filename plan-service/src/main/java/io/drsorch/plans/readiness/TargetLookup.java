package io.drsorch.plans.readiness;

import io.drsorch.drsclient.DrsTimestamps;
import io.drsorch.drsclient.Target;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsResponse;
import software.amazon.awssdk.services.drs.model.DescribeRecoverySnapshotsResponse;
import software.amazon.awssdk.services.drs.model.DescribeSourceServersResponse;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.RecoverySnapshot;
import software.amazon.awssdk.services.drs.model.RecoverySnapshotsOrder;
import software.amazon.awssdk.services.drs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.drs.model.SourceServer;

/**
 * What DRS says about servers of one region and role (one account), in as few calls as DRS allows:
 * the servers in batches of {@link #SERVERS_PER_CALL} ({@code DescribeSourceServers}), the jobs of
 * their last launches by id ({@code DescribeJobs}), and one {@code DescribeRecoverySnapshots} per
 * server (it takes one server a call). Safe to use from several threads: it only reads.
 */
final class TargetLookup {

  /** The most {@code DescribeSourceServers} filters by in one call (the model's limit). */
  static final int SERVERS_PER_CALL = 200;

  /** DRS's page size limit for DescribeJobs and DescribeSourceServers. */
  private static final int PAGE_SIZE = 1000;

  /** A recovery snapshot, with when it was taken (null when DRS sent no readable time). */
  record Snapshot(String snapshotId, Instant takenAt) {}

  /** A job that still holds a server: not COMPLETED. */
  record ActiveJob(String jobId, String type, String status) {}

  private final Target target;
  private final DrsClient drs;
  private final DrsReads reads;

  TargetLookup(Target target, DrsClient drs, DrsReads reads) {
    this.target = target;
    this.drs = drs;
    this.reads = reads;
  }

  /** The servers of {@code ids} that DRS knows, by id. */
  Map<String, SourceServer> servers(List<String> ids) {
    Map<String, SourceServer> found = new HashMap<>();
    for (int from = 0; from < ids.size(); from += SERVERS_PER_CALL) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + SERVERS_PER_CALL));
      String token = null;
      do {
        String page = token;
        DescribeSourceServersResponse answer =
            reads.call(
                "DescribeSourceServers",
                target,
                () ->
                    drs.describeSourceServers(
                        r ->
                            r.filters(f -> f.sourceServerIDs(batch))
                                .maxResults(PAGE_SIZE)
                                .nextToken(page)));
        answer.items().forEach(server -> found.put(server.sourceServerID(), server));
        token = answer.nextToken();
      } while (token != null && !token.isEmpty());
    }
    return found;
  }

  /**
   * The job that still holds each server (not COMPLETED), found from the servers themselves: each
   * names the job of its last launch ({@code lifeCycle.lastLaunch.initiated.jobID}), and those jobs
   * are read by id, {@link #PAGE_SIZE} a call. The cost grows with the plan's servers, never with
   * the account's job history. A TERMINATE job (a drill's cleanup) is no launch and is not seen
   * here; DRS refuses a launch of its servers with a ConflictException, which the launcher retries.
   */
  Map<String, ActiveJob> activeJobs(Map<String, SourceServer> servers) {
    Map<String, List<String>> serversByJob = new HashMap<>();
    servers.forEach(
        (id, server) -> {
          String jobId = lastLaunchJob(server);
          if (jobId != null) {
            serversByJob.computeIfAbsent(jobId, j -> new java.util.ArrayList<>()).add(id);
          }
        });
    List<String> jobIds = List.copyOf(serversByJob.keySet());
    Map<String, ActiveJob> byServer = new HashMap<>();
    for (int from = 0; from < jobIds.size(); from += PAGE_SIZE) {
      List<String> batch = jobIds.subList(from, Math.min(jobIds.size(), from + PAGE_SIZE));
      String token = null;
      do {
        String page = token;
        DescribeJobsResponse answer =
            reads.call(
                "DescribeJobs",
                target,
                () ->
                    drs.describeJobs(
                        r ->
                            r.filters(f -> f.jobIDs(batch)).maxResults(PAGE_SIZE).nextToken(page)));
        for (Job job : answer.items()) {
          if (job.status() == JobStatus.COMPLETED) {
            continue;
          }
          ActiveJob active = new ActiveJob(job.jobID(), job.typeAsString(), job.statusAsString());
          serversByJob.getOrDefault(job.jobID(), List.of()).forEach(id -> byServer.put(id, active));
        }
        token = answer.nextToken();
      } while (token != null && !token.isEmpty());
    }
    return byServer;
  }

  private static String lastLaunchJob(SourceServer server) {
    if (server.lifeCycle() == null
        || server.lifeCycle().lastLaunch() == null
        || server.lifeCycle().lastLaunch().initiated() == null) {
      return null;
    }
    return server.lifeCycle().lastLaunch().initiated().jobID();
  }

  /**
   * The server's newest recovery snapshot, or its newest taken at or before {@code atOrBefore} when
   * that is not null; empty when it has none (or DRS no longer knows the server).
   */
  Optional<Snapshot> newestSnapshot(String sourceServerId, Instant atOrBefore) {
    DescribeRecoverySnapshotsResponse answer;
    try {
      answer =
          reads.call(
              "DescribeRecoverySnapshots",
              target,
              () ->
                  drs.describeRecoverySnapshots(
                      r -> {
                        r.sourceServerID(sourceServerId)
                            .order(RecoverySnapshotsOrder.DESC)
                            .maxResults(1);
                        if (atOrBefore != null) {
                          r.filters(f -> f.toDateTime(atOrBefore.toString()));
                        }
                      }));
    } catch (ResourceNotFoundException e) {
      // Removed from DRS between DescribeSourceServers and now: it has no snapshot to launch from.
      return Optional.empty();
    }
    return answer.items().stream().findFirst().map(TargetLookup::snapshot);
  }

  private static Snapshot snapshot(RecoverySnapshot snapshot) {
    Instant taken = DrsTimestamps.instant(snapshot.timestamp());
    return new Snapshot(
        snapshot.snapshotID(),
        taken != null ? taken : DrsTimestamps.instant(snapshot.expectedTimestamp()));
  }
}
