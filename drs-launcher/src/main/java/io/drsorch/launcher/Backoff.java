package io.drsorch.launcher;

import java.time.Duration;

/**
 * How long to wait before reading records again after a failure that is not theirs (the registry or
 * the broker unreachable): twice as long after each failure in a row, up to a cap, and back to the
 * start once records go through. Every read costs DRS a look-up for tagged jobs, so an outage of
 * Kafka must not turn into a steady stream of DRS calls. The same waits space a termination's
 * retries of a throttled or failing DRS ({@code terminate/InstanceTerminator}). Not thread-safe:
 * one per loop, or per command.
 */
public final class Backoff {

  private final Duration first;
  private final Duration max;
  private Duration next;

  public Backoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
    this.next = first;
  }

  /** The wait after one more failure in a row. */
  public Duration failed() {
    Duration wait = next;
    next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
    return wait;
  }

  public void succeeded() {
    next = first;
  }
}
