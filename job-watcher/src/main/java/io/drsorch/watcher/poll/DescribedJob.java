package io.drsorch.watcher.poll;

import io.drsorch.watcher.state.JobObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * A job as one DescribeJobs call reported it: what the watcher records (its status and servers) and
 * DRS's timestamps, which only drive the polling schedule.
 *
 * @param created creationDateTime, null when missing or unreadable
 * @param ended endDateTime, null until the job ends (or when unreadable)
 */
public record DescribedJob(JobObservation observation, Instant created, Instant ended) {

  /** How long the job took, when it ended and both timestamps are known; otherwise null. */
  public Duration took() {
    return created == null || ended == null ? null : Duration.between(created, ended);
  }
}
