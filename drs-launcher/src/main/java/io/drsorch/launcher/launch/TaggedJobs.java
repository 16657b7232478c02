package io.drsorch.launcher.launch;

import io.drsorch.avro.LaunchWave;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequest;
import software.amazon.awssdk.services.drs.model.DescribeJobsResponse;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * Finds the DRS jobs that were already started for a wave of an execution, by their execution-id
 * and wave-id tags, whatever attempt started them. This is what makes a crash between StartRecovery
 * and the Kafka commit safe (the command is read again, and its jobs are found instead of launched
 * twice), and also a lost StartRecovery answer: the scheduler then retries with a new attempt, and
 * that attempt adopts the job the lost answer would have named. The scheduler only asks for a new
 * attempt when it knows of no job of the wave, so any job found here is one it has not heard of.
 *
 * <p>DescribeJobs filters by creation date only, so the search reads the jobs created since the
 * wave's first attempt was commanded (less the clock skew allowed between the scheduler and DRS),
 * never the account's history: no job of the wave can be older.
 */
final class TaggedJobs implements StartedJobs {

  /** DescribeJobs' page: as many jobs a call as the launcher will ever look through. */
  private static final int PAGE = 1000;

  private final Duration clockSkew;

  TaggedJobs(Duration clockSkew) {
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("launcher.dedupe-clock-skew must not be negative");
    }
    this.clockSkew = clockSkew;
  }

  /** Newest job first wins for a chunk (DescribeJobs answers newest first). */
  @Override
  public Map<Integer, String> find(DrsClient drs, LaunchWave command) {
    Map<Integer, String> byChunk = new TreeMap<>();
    String fromDate = searchFrom(command, clockSkew).toString();
    String token = null;
    do {
      String page = token;
      DescribeJobsResponse response =
          drs.describeJobs(
              DescribeJobsRequest.builder()
                  .filters(f -> f.fromDate(fromDate))
                  .maxResults(PAGE)
                  .nextToken(page)
                  .build());
      for (Job job : response.items()) {
        if (job.hasTags() && JobTags.sameWave(job.tags(), command)) {
          byChunk.putIfAbsent(JobTags.chunkIndex(job.tags()), job.jobID());
        }
      }
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return byChunk;
  }

  /** The oldest a job of the command's wave can be: its first attempt's time, less the skew. */
  static Instant searchFrom(LaunchWave command, Duration clockSkew) {
    Instant first = command.getOccurredAt();
    Instant waveStarted = command.getWaveStartedAt();
    if (waveStarted != null && waveStarted.isBefore(first)) {
      first = waveStarted;
    }
    return first.minus(clockSkew);
  }
}
