package io.drsorch.deploy.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * What DRS (the simulator) really did: every job with its tags and times, read through the AWS SDK
 * page by page. Benchmarks and acceptance tests measure from here, never from the orchestrator's
 * own views.
 */
public final class SimulatorJobs {

  public static final String EXECUTION_TAG = "drsorch:execution-id";
  public static final String WAVE_TAG = "drsorch:wave-id";

  private final List<Job> jobs;

  private SimulatorJobs(List<Job> jobs) {
    this.jobs = jobs;
  }

  public static SimulatorJobs read(DrsClient drs) {
    List<Job> all = new ArrayList<>();
    drs.describeJobsPaginator(
            r -> r.filters(DescribeJobsRequestFilters.builder().build()).maxResults(100))
        .items()
        .forEach(all::add);
    return new SimulatorJobs(List.copyOf(all));
  }

  public List<Job> of(String executionId) {
    return jobs.stream().filter(j -> executionId.equals(j.tags().get(EXECUTION_TAG))).toList();
  }

  public List<Job> of(String executionId, String waveId) {
    return of(executionId).stream().filter(j -> waveId.equals(j.tags().get(WAVE_TAG))).toList();
  }

  public static Instant created(Job job) {
    return Instant.parse(job.creationDateTime());
  }

  public static Instant ended(Job job) {
    if (job.endDateTime() == null) {
      throw new AssertionError("job " + job.jobID() + " has not ended: " + job.statusAsString());
    }
    return Instant.parse(job.endDateTime());
  }

  public static Instant firstCreated(List<Job> jobs) {
    return jobs.stream().map(SimulatorJobs::created).min(Comparator.naturalOrder()).orElseThrow();
  }

  public static Instant lastEnded(List<Job> jobs) {
    return jobs.stream().map(SimulatorJobs::ended).max(Comparator.naturalOrder()).orElseThrow();
  }

  /**
   * The most jobs active at one instant: a sweep over creations and ends. At equal instants an end
   * counts first, as DRS frees a job's slot the moment it completes.
   */
  public static int maxActive(List<Job> jobs) {
    record Step(Instant at, int delta) {}
    List<Step> steps = new ArrayList<>();
    for (Job job : jobs) {
      steps.add(new Step(created(job), +1));
      steps.add(new Step(ended(job), -1));
    }
    steps.sort(Comparator.comparing(Step::at).thenComparingInt(Step::delta));
    int active = 0;
    int max = 0;
    for (Step step : steps) {
      active += step.delta();
      max = Math.max(max, active);
    }
    return max;
  }
}
