package io.drsorch.simulator.instances;

import java.time.Instant;

/**
 * A recovery instance (its id is the EC2 instance id). It exists from the moment its launch job
 * completes. Termination, by a TERMINATE job or by the clean-up of a newer launch, sets the two
 * instants at which it shuts down and is gone (terminated in EC2 and deleted from DRS); its state
 * is derived from the clock on read.
 *
 * <p>Mutable fields are only touched under the account lock.
 */
public final class RecoveryInstance {

  private final long sequence;
  private final String id;
  private final String arn;
  private final String sourceServerId;
  private final String jobId;
  private final boolean drill;
  private final Instant launchedAt;

  /** The time of the data it was launched from: {@code pointInTimeSnapshotDateTime}. */
  private final Instant pointInTime;

  private Instant shuttingDownAt;
  private Instant terminatedAt;

  public RecoveryInstance(
      long sequence,
      String id,
      String arn,
      String sourceServerId,
      String jobId,
      boolean drill,
      Instant launchedAt,
      Instant pointInTime) {
    this.sequence = sequence;
    this.id = id;
    this.arn = arn;
    this.sourceServerId = sourceServerId;
    this.jobId = jobId;
    this.drill = drill;
    this.launchedAt = launchedAt;
    this.pointInTime = pointInTime;
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

  public String sourceServerId() {
    return sourceServerId;
  }

  public String jobId() {
    return jobId;
  }

  public boolean drill() {
    return drill;
  }

  public Instant pointInTime() {
    return pointInTime;
  }

  public boolean existsAt(Instant now) {
    return !now.isBefore(launchedAt);
  }

  /** Whether a termination (finished or not) has been asked for. */
  public boolean terminationRequested() {
    return terminatedAt != null;
  }

  public void terminate(Instant shuttingDownAt, Instant terminatedAt) {
    this.shuttingDownAt = shuttingDownAt;
    this.terminatedAt = terminatedAt;
  }

  /** Whether it exists and is not terminated at {@code now}. */
  public boolean isLiveAt(Instant now) {
    return existsAt(now) && (terminatedAt == null || now.isBefore(terminatedAt));
  }

  /** The EC2 state, in upper case as DRS reports it. */
  public String ec2StateAt(Instant now) {
    if (terminatedAt != null && !now.isBefore(terminatedAt)) {
      return "TERMINATED";
    }
    if (shuttingDownAt != null && !now.isBefore(shuttingDownAt)) {
      return "SHUTTING-DOWN";
    }
    return "RUNNING";
  }
}
