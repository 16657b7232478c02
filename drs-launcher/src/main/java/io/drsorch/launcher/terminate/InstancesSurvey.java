package io.drsorch.launcher.terminate;

import io.drsorch.drsclient.DrsTimestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequest;
import software.amazon.awssdk.services.drs.model.DescribeRecoveryInstancesRequest;
import software.amazon.awssdk.services.drs.model.EC2InstanceState;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.JobType;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;
import software.amazon.awssdk.services.drs.model.RecoveryInstance;

/**
 * Where each instance of a termination stands in DRS before anything is terminated: gone, already
 * in the hands of a TERMINATE job, or still to terminate.
 *
 * <p>TerminateRecoveryInstances has no client token and its jobs no tags, so a command read again
 * after a crash (its call made, its answer not committed) can only learn what it did from DRS's
 * state: once its job completed, DescribeRecoveryInstances no longer lists them; until then (while
 * the job is PENDING, DRS still lists them RUNNING) a TERMINATE job's {@code participatingServers}
 * name them. So both are asked: DescribeRecoveryInstances of the command's instances, then, for
 * those still listed, DescribeJobs of the TERMINATE jobs created since they could have been.
 */
final class InstancesSurvey {

  private static final Logger LOG = LoggerFactory.getLogger(InstancesSurvey.class);

  /**
   * Instance ids a DescribeRecoveryInstances filter takes at most (the model's
   * RecoveryInstanceIDs).
   */
  static final int DESCRIBE_BATCH = 200;

  /** DescribeJobs' page: as many jobs a call as DRS gives. */
  private static final int JOBS_PAGE = 1000;

  private InstancesSurvey() {}

  /**
   * Asks DRS where the instances stand.
   *
   * @param instanceIds the command's instances, in its order
   * @param notBefore the oldest a TERMINATE job started by this command can be (when it was
   *     commanded, less the clock skew allowed): the search goes back further only for instances
   *     still listed, to the time of their data, before which they cannot have been terminated
   * @throws software.amazon.awssdk.core.exception.SdkException as the DRS calls do
   */
  static Standing of(DrsClient drs, List<String> instanceIds, Instant notBefore) {
    Map<String, RecoveryInstance> listed = listed(drs, instanceIds);
    Standing standing = new Standing();
    if (listed.isEmpty()) {
      // Every one gone: no job can be in the way, and none is needed.
      standing.gone.addAll(instanceIds);
      return standing;
    }
    Instant searchFrom = searchFrom(listed.values(), notBefore);
    Map<String, TerminateJob> jobs = terminateJobs(drs, listed.keySet(), searchFrom);
    for (String id : instanceIds) {
      TerminateJob job = jobs.get(id);
      RecoveryInstance instance = listed.get(id);
      if (instance == null) {
        // Terminated and deleted from DRS, whoever did it (a job of this command that completed
        // before it was read again, too): nothing left to do.
        standing.gone.add(id);
      } else if (job != null && job.terminatesOrTerminated()) {
        standing.inHand.put(id, job.jobId());
      } else if (isGoingOrGone(instance.ec2InstanceState())) {
        // Shut down by something else (a job older than the search, or EC2 directly): asking DRS
        // again would be a ConflictException at best, a second termination at worst.
        LOG.info(
            "recovery instance {} is {} without a TERMINATE job since {}: counted as gone",
            id,
            instance.ec2InstanceStateAsString(),
            searchFrom);
        standing.gone.add(id);
      } else {
        // Also an instance whose earlier termination completed without terminating it: asking
        // again is a new attempt, not a second termination.
        standing.toTerminate.add(id);
      }
    }
    return standing;
  }

  /** The command's instances DRS still lists, by id; a filter takes at most 200 ids. */
  private static Map<String, RecoveryInstance> listed(DrsClient drs, List<String> instanceIds) {
    Map<String, RecoveryInstance> listed = new HashMap<>();
    for (int from = 0; from < instanceIds.size(); from += DESCRIBE_BATCH) {
      List<String> batch =
          instanceIds.subList(from, Math.min(instanceIds.size(), from + DESCRIBE_BATCH));
      DescribeRecoveryInstancesRequest request =
          DescribeRecoveryInstancesRequest.builder()
              .filters(f -> f.recoveryInstanceIDs(batch))
              .build();
      for (RecoveryInstance instance : drs.describeRecoveryInstancesPaginator(request).items()) {
        listed.put(instance.recoveryInstanceID(), instance);
      }
    }
    return listed;
  }

  /**
   * From when to read TERMINATE jobs: {@code notBefore}, or the time of the oldest data a listed
   * instance was launched from (its {@code pointInTimeSnapshotDateTime}: it cannot have been
   * terminated before it existed), whichever is older; null (every job) when a listed instance does
   * not say. So that a job someone else started for a listed instance, before this command, is
   * found too, and named rather than met as a ConflictException.
   */
  private static Instant searchFrom(Iterable<RecoveryInstance> listed, Instant notBefore) {
    Instant from = notBefore;
    for (RecoveryInstance instance : listed) {
      Instant dataAt = DrsTimestamps.instant(instance.pointInTimeSnapshotDateTime());
      if (dataAt == null) {
        return null;
      }
      if (dataAt.isBefore(from)) {
        from = dataAt;
      }
    }
    return from;
  }

  /** Per listed instance, the newest TERMINATE job naming it since {@code from}. */
  private static Map<String, TerminateJob> terminateJobs(
      DrsClient drs, Set<String> instanceIds, Instant from) {
    DescribeJobsRequest request =
        DescribeJobsRequest.builder()
            .filters(f -> f.fromDate(from == null ? null : from.toString()))
            .maxResults(JOBS_PAGE)
            .build();
    Map<String, TerminateJob> byInstance = new HashMap<>();
    for (Job job : drs.describeJobsPaginator(request).items()) {
      if (job.type() != JobType.TERMINATE || !job.hasParticipatingServers()) {
        continue;
      }
      for (ParticipatingServer server : job.participatingServers()) {
        String instance = server.recoveryInstanceID();
        if (instance != null && instanceIds.contains(instance)) {
          // DescribeJobs answers newest first: the newest job says where the instance stands.
          byInstance.putIfAbsent(
              instance, new TerminateJob(job.jobID(), job.status(), server.launchStatus()));
        }
      }
    }
    return byInstance;
  }

  private static boolean isGoingOrGone(EC2InstanceState state) {
    return state == EC2InstanceState.SHUTTING_DOWN || state == EC2InstanceState.TERMINATED;
  }

  /** One TERMINATE job as it names one instance. */
  private record TerminateJob(String jobId, JobStatus status, LaunchStatus launchStatus) {

    /**
     * Still running (it will terminate the instance, or fail to: its end says which), or ended
     * having terminated it. A job that ended without terminating it has it in hand no more.
     */
    boolean terminatesOrTerminated() {
      return status != JobStatus.COMPLETED || launchStatus == LaunchStatus.TERMINATED;
    }
  }

  /** Where a command's instances stand; each is in exactly one of the three. */
  static final class Standing {

    /** Instance to the TERMINATE job that has it. */
    private final Map<String, String> inHand = new HashMap<>();

    private final Set<String> gone = new HashSet<>();
    private final Set<String> toTerminate = new LinkedHashSet<>();

    /** The instances still to terminate, in the command's order. */
    List<String> toTerminate() {
      return List.copyOf(toTerminate);
    }

    /**
     * The instances now in the hands of {@code jobId}: just started, or started earlier by this
     * handling of the command while DescribeJobs does not show that job yet.
     */
    void terminating(List<String> instances, String jobId) {
      for (String instance : instances) {
        toTerminate.remove(instance);
        gone.remove(instance);
        inHand.put(instance, jobId);
      }
    }

    /** The jobs that have some of the instances, in the order of their first instance. */
    List<String> jobIds(List<String> order) {
      Set<String> jobs = new LinkedHashSet<>();
      for (String instance : order) {
        String job = inHand.get(instance);
        if (job != null) {
          jobs.add(job);
        }
      }
      return List.copyOf(jobs);
    }

    /** The instances no job has and DRS still has: those a failure leaves running. */
    List<String> notStarted(List<String> order) {
      return order.stream().filter(i -> !inHand.containsKey(i) && !gone.contains(i)).toList();
    }

    /** What a command whose every instance is in hand or gone comes to, in the command's order. */
    TerminationOutcome.Started started(List<String> order) {
      return new TerminationOutcome.Started(
          jobIds(order),
          order.stream().filter(inHand::containsKey).toList(),
          order.stream().filter(gone::contains).toList());
    }
  }
}
