package io.drsorch.deploy.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;

/**
 * What DRS (the simulator) really did, read through the AWS SDK with pagination: every job, grouped
 * by the tags the launcher put on it. Whatever the orchestrator's own views say, duplicates and
 * order violations are judged here. Shared by the chaos and scale-out tests.
 */
public final class GroundTruth {

  public static final String EXECUTION_TAG = "drsorch:execution-id";
  public static final String WAVE_TAG = "drsorch:wave-id";
  public static final String ATTEMPT_TAG = "drsorch:attempt";
  public static final String REQUEST_TAG = "drsorch:request-id";

  private final List<Job> jobs;

  private GroundTruth(List<Job> jobs) {
    this.jobs = jobs;
  }

  /** Every job the simulator holds, page by page. */
  public static GroundTruth read(DrsClient drs) {
    List<Job> all = new ArrayList<>();
    drs.describeJobsPaginator(
            r -> r.filters(DescribeJobsRequestFilters.builder().build()).maxResults(100))
        .items()
        .forEach(all::add);
    return new GroundTruth(List.copyOf(all));
  }

  public int jobCount() {
    return jobs.size();
  }

  /** Jobs of one wave of one execution, every attempt. */
  public List<Job> jobsOf(String executionId, String waveId) {
    return jobs.stream()
        .filter(j -> executionId.equals(j.tags().get(EXECUTION_TAG)))
        .filter(j -> waveId.equals(j.tags().get(WAVE_TAG)))
        .toList();
  }

  /** Number of jobs tagged with one execution. */
  public long jobCountOf(String executionId) {
    return jobs.stream().filter(j -> executionId.equals(j.tags().get(EXECUTION_TAG))).count();
  }

  /** Ids of every execution that launched anything. */
  public Set<String> executionIds() {
    Set<String> ids = new HashSet<>();
    jobs.forEach(j -> Optional.ofNullable(j.tags().get(EXECUTION_TAG)).ifPresent(ids::add));
    return ids;
  }

  /** Jobs without the orchestrator's tags: nothing but the orchestrator launches here. */
  public List<String> untagged() {
    return jobs.stream().filter(j -> !j.tags().containsKey(REQUEST_TAG)).map(Job::jobID).toList();
  }

  /**
   * Duplicate launches of one wave attempt: per request id, every server launched more than once
   * (one job per request id and chunk of servers, so a server appears at most once).
   */
  public List<String> duplicates() {
    Map<String, List<Job>> byRequest = new HashMap<>();
    for (Job job : jobs) {
      String request = job.tags().get(REQUEST_TAG);
      if (request != null) {
        byRequest.computeIfAbsent(request, r -> new ArrayList<>()).add(job);
      }
    }
    List<String> found = new ArrayList<>();
    byRequest.forEach(
        (request, ofRequest) -> {
          Set<String> seen = new HashSet<>();
          for (Job job : ofRequest) {
            for (ParticipatingServer server : job.participatingServers()) {
              if (!seen.add(server.sourceServerID())) {
                found.add(
                    request + " launched " + server.sourceServerID() + " again in " + job.jobID());
              }
            }
          }
        });
    return found;
  }

  /**
   * Waves with DRS jobs from more than one attempt: servers launched twice. Only attempts that own
   * a job count (an attempt that adopted an earlier attempt's job launched nothing), so with no DRS
   * call fault injected every wave found here is a duplicate launch the dedupe let through.
   */
  public List<String> wavesLaunchedByManyAttempts() {
    Map<String, Set<String>> attempts = new HashMap<>();
    for (Job job : jobs) {
      if (job.tags().containsKey(EXECUTION_TAG)) {
        attempts
            .computeIfAbsent(
                job.tags().get(EXECUTION_TAG) + "/" + job.tags().get(WAVE_TAG),
                w -> new HashSet<>())
            .add(job.tags().get(ATTEMPT_TAG));
      }
    }
    return attempts.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey() + " attempts " + e.getValue())
        .toList();
  }

  /**
   * Dependency-order violations of one execution: a job of a wave created before (or at) the end of
   * a job of one of its dependencies, or a wave launched while a dependency never launched.
   */
  public List<String> orderViolations(String executionId, Map<String, List<String>> deps) {
    List<String> found = new ArrayList<>();
    deps.forEach(
        (wave, dependencies) -> {
          List<Job> ofWave = jobsOf(executionId, wave);
          if (ofWave.isEmpty()) {
            return;
          }
          Instant firstCreated =
              ofWave.stream().map(GroundTruth::created).min(Comparator.naturalOrder()).get();
          for (String dependency : dependencies) {
            List<Job> ofDependency = jobsOf(executionId, dependency);
            if (ofDependency.isEmpty()) {
              found.add(
                  executionId
                      + ": "
                      + wave
                      + " launched, its dependency "
                      + dependency
                      + " never did");
              continue;
            }
            for (Job job : ofDependency) {
              Instant ended = job.endDateTime() == null ? null : Instant.parse(job.endDateTime());
              if (ended == null || !firstCreated.isAfter(ended)) {
                found.add(
                    executionId
                        + ": "
                        + wave
                        + " created "
                        + firstCreated
                        + ", "
                        + dependency
                        + "'s "
                        + job.jobID()
                        + " ended "
                        + ended);
              }
            }
          }
        });
    return found;
  }

  private static Instant created(Job job) {
    return Instant.parse(job.creationDateTime());
  }
}
