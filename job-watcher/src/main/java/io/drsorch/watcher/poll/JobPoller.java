package io.drsorch.watcher.poll;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.drsclient.DrsTimestamps;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.ServerObservation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequest;
import software.amazon.awssdk.services.drs.model.DescribeJobsResponse;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;

/**
 * Reads many DRS jobs with few calls: DescribeJobs with up to {@code batchSize} job ids a call
 * (1000 is the API's maximum), following nextToken. The number of calls grows with jobs / batch
 * size, never with the number of servers.
 */
public final class JobPoller {

  private static final Logger LOG = LoggerFactory.getLogger(JobPoller.class);

  private final int batchSize;
  private final AtomicLong calls = new AtomicLong();

  public JobPoller(int batchSize) {
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("watcher.batch.size must be 1..1000, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /** The current state of each job DRS knows; a job it does not report is left out. */
  public Map<String, DescribedJob> observe(DrsClient drs, List<String> jobIds) {
    Map<String, DescribedJob> seen = new HashMap<>();
    for (int from = 0; from < jobIds.size(); from += batchSize) {
      List<String> batch = jobIds.subList(from, Math.min(jobIds.size(), from + batchSize));
      String token = null;
      do {
        String page = token;
        calls.incrementAndGet();
        DescribeJobsResponse response =
            drs.describeJobs(
                DescribeJobsRequest.builder()
                    .filters(f -> f.jobIDs(batch))
                    .maxResults(batchSize)
                    .nextToken(page)
                    .build());
        for (Job job : response.items()) {
          JobObservation observation = observation(job);
          if (observation != null) {
            seen.put(
                job.jobID(),
                new DescribedJob(
                    observation,
                    DrsTimestamps.instant(job.creationDateTime()),
                    DrsTimestamps.instant(job.endDateTime())));
          }
        }
        token = response.nextToken();
      } while (token != null && !token.isEmpty());
    }
    return seen;
  }

  /** DescribeJobs calls made so far. */
  public long calls() {
    return calls.get();
  }

  static JobObservation observation(Job job) {
    JobStatus status = parse(JobStatus.class, job.statusAsString());
    if (status == null) {
      LOG.warn(
          "job {} has a status this watcher does not know: {}", job.jobID(), job.statusAsString());
      return null;
    }
    Map<String, ServerObservation> servers = new TreeMap<>();
    for (ParticipatingServer server : job.participatingServers()) {
      LaunchStatus launch = parse(LaunchStatus.class, server.launchStatusAsString());
      servers.put(
          server.sourceServerID(),
          new ServerObservation(
              launch == null ? LaunchStatus.PENDING : launch, server.recoveryInstanceID()));
    }
    return new JobObservation(status, servers);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
