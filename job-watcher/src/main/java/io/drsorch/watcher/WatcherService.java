package io.drsorch.watcher;

import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import java.time.Clock;

/**
 * The job-watcher: a {@link WaveEventsReader} keeps the state of the waves launched, of the
 * drill-cleanup terminations started and of the wave actions started (read from drs.wave-events,
 * each assigned partition replayed from the beginning) and a {@link DrsPoller} polls their DRS
 * jobs, SSM automations and URLs and writes what changed back to the topic. They share only {@link
 * WatchedPartitions}, and the poller hands the reader the dead letters of what it gave up on.
 *
 * <p>{@link #lookNow} (an EventBridge launch-result event) makes a job due at once: the event only
 * says "look now", DescribeJobs says what is true, so lost, late and duplicate events change
 * nothing but the delay.
 */
public final class WatcherService implements AutoCloseable {

  private final WatchedPartitions partitions = new WatchedPartitions();
  private final WaveEventsReader reader;
  private final DrsPoller poller;

  public WatcherService(WatcherConfig config, DrsClients clients, SsmClients ssm, Clock clock) {
    this.reader = new WaveEventsReader(config, partitions, clock);
    this.poller = new DrsPoller(config, clients, ssm, partitions, reader::deadLetterLater, clock);
  }

  public WatcherService start() {
    reader.start();
    poller.start();
    return this;
  }

  /**
   * Asks for an immediate DescribeJobs of this job; see {@link DrsPoller#lookNow}.
   *
   * @return true when a poll was requested, false when the job is none of this instance's business
   *     (unknown, already COMPLETED, or on a partition another instance owns or still replaying)
   */
  public boolean lookNow(String jobId) {
    return poller.lookNow(jobId);
  }

  /** Ready once every assigned partition has been replayed: what /q/health/ready reports. */
  public boolean isReady() {
    return reader.reading() && partitions.caughtUp();
  }

  /** DescribeJobs calls made so far, for operators and tests. */
  public long describeJobsCalls() {
    return poller.describeJobsCalls();
  }

  /** Returns once the reader has stopped, whether by {@link #close()} or by a fatal error. */
  public void awaitStopped() throws InterruptedException {
    reader.awaitStopped();
  }

  @Override
  public void close() {
    // The poller first: it may still hand the reader a dead letter.
    poller.close();
    reader.close();
  }
}
