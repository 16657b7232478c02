package io.drsorch.simulator.servers;

import io.drsorch.simulator.jobs.Job;
import io.drsorch.simulator.jobs.JobType;
import java.time.Instant;

/**
 * A replicating source server. It remembers the last job it took part in (which holds it while
 * active) and its last launch; everything else about it is derived from those on read.
 *
 * <p>Mutable fields are only touched under the account lock.
 */
public final class SourceServer {

  private final long sequence;
  private final String id;
  private final String arn;
  private final Instant addedAt;
  private Job lastJob;
  private Job lastLaunch;

  public SourceServer(long sequence, String id, String arn, Instant addedAt) {
    this.sequence = sequence;
    this.id = id;
    this.arn = arn;
    this.addedAt = addedAt;
  }

  public long sequence() {
    return sequence;
  }

  public String id() {
    return id;
  }

  public String arn() {
    return arn;
  }

  public Instant addedAt() {
    return addedAt;
  }

  public Job lastLaunch() {
    return lastLaunch;
  }

  /** DRS allows one active job per source server. */
  public boolean isBusyAt(Instant now) {
    return lastJob != null && lastJob.isActiveAt(now);
  }

  public void joined(Job job) {
    lastJob = job;
    if (job.type() == JobType.LAUNCH) {
      lastLaunch = job;
    }
  }
}
