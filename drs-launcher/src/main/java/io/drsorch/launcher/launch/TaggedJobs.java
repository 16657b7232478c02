package io.drsorch.launcher.launch;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequest;
import software.amazon.awssdk.services.drs.model.DescribeJobsResponse;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * Finds the DRS jobs that an earlier try of the same request already started, by their request-id
 * tag. This is what makes a crash between StartRecovery and the Kafka commit safe: the command is
 * read again, and its jobs are found instead of launched twice.
 */
final class TaggedJobs {

  private final Duration window;
  private final Clock clock;

  TaggedJobs(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** Job ids by 0-based chunk index, newest job first wins (DescribeJobs answers newest first). */
  Map<Integer, String> find(DrsClient drs, String requestId) {
    Map<Integer, String> byChunk = new TreeMap<>();
    String fromDate = clock.instant().minus(window).toString();
    String token = null;
    do {
      String page = token;
      DescribeJobsResponse response =
          drs.describeJobs(
              DescribeJobsRequest.builder()
                  .filters(f -> f.fromDate(fromDate))
                  .nextToken(page)
                  .build());
      for (Job job : response.items()) {
        if (job.hasTags() && requestId.equals(job.tags().get(JobTags.REQUEST_ID))) {
          byChunk.putIfAbsent(JobTags.chunkIndex(job.tags()), job.jobID());
        }
      }
      token = response.nextToken();
    } while (token != null && !token.isEmpty());
    return byChunk;
  }
}
