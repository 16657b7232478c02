package io.drsorch.simulator.jobs;

import io.drsorch.simulator.account.DrsAccount.RegionView;
import io.drsorch.simulator.account.Limits;
import io.drsorch.simulator.account.Timing;
import io.drsorch.simulator.api.DrsError;
import io.drsorch.simulator.servers.SourceServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The rules every new job passes, launch or termination alike, and its creation: one active job per
 * source server, at most {@link Limits#maxConcurrentJobs()} active jobs per region, and at most
 * {@link Limits#maxServersInActiveJobs()} source servers across them.
 */
public final class JobAdmission {

  /**
   * The {@code quotaCode} when the concurrent-jobs quota is reached: its Service Quotas code
   * (DRS-FACTS, "Quotas").
   */
  public static final String CONCURRENT_JOBS_QUOTA = "L-D88FAC3A";

  /** The {@code quotaCode} of the quota of source servers in all active jobs (DRS-FACTS). */
  public static final String SERVERS_IN_ACTIVE_JOBS_QUOTA = "L-05AFA8C6";

  private JobAdmission() {}

  public static void check(RegionView view, Limits limits, List<SourceServer> servers) {
    List<String> busy =
        servers.stream().filter(s -> s.isBusyAt(view.now())).map(SourceServer::id).toList();
    if (!busy.isEmpty()) {
      throw DrsError.conflict(
          "Cannot start a job: source servers " + busy + " are currently being processed by a Job",
          busy.get(0),
          "SOURCE_SERVER");
    }
    long active = view.state().activeJobCount(view.now());
    if (active >= limits.maxConcurrentJobs()) {
      throw DrsError.serviceQuotaExceeded(
          "Cannot start a job: the concurrent jobs quota is reached, the account already has "
              + active
              + " active jobs in "
              + view.state().region()
              + ", the maximum is "
              + limits.maxConcurrentJobs(),
          view.state().accountId(),
          "JOB",
          CONCURRENT_JOBS_QUOTA);
    }
    long inActiveJobs = view.state().activeServerCount(view.now());
    if (inActiveJobs + servers.size() > limits.maxServersInActiveJobs()) {
      throw DrsError.serviceQuotaExceeded(
          "Cannot start a job: the quota of source servers in all active jobs is "
              + limits.maxServersInActiveJobs()
              + " in "
              + view.state().region()
              + "; "
              + inActiveJobs
              + " are in active jobs and this job has "
              + servers.size(),
          view.state().accountId(),
          "SOURCE_SERVER",
          SERVERS_IN_ACTIVE_JOBS_QUOTA);
    }
  }

  /** Creates and registers a job whose timeline starts now, and marks its servers busy. */
  public static Job create(
      RegionView view,
      Timing timing,
      String jobId,
      JobType type,
      boolean drill,
      Map<String, String> tags,
      List<Participant> participants) {
    Instant created = view.now();
    Instant started = created.plus(timing.pending());
    long jitterMillis = ThreadLocalRandom.current().nextLong(timing.jitter().toMillis() + 1);
    Instant completed = started.plus(timing.started()).plus(Duration.ofMillis(jitterMillis));
    Job job =
        new Job(
            view.state().nextSequence(),
            jobId,
            view.state().arn("job", jobId),
            type,
            drill,
            created,
            started,
            completed,
            tags,
            participants);
    view.state().addJob(job);
    for (Participant participant : participants) {
      view.state().sourceServer(participant.sourceServerId()).orElseThrow().joined(job);
    }
    return job;
  }
}
