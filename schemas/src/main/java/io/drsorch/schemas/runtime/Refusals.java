package io.drsorch.schemas.runtime;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Tells Kafka refusing one record, which is that record's own doing (sent again, it is refused
 * again), from failures of the moment (a broker unreachable, a leader moving, a rebalance), which
 * pass. Only Kafka's per-record produce errors count as refusals: what is too large for the topic
 * or the producer, or what the broker finds invalid.
 *
 * <p>An {@code InvalidTimestampException} is not one: every record written carries the host's
 * wall-clock time, so the broker refusing its timestamp (message.timestamp.before/after.max.ms)
 * says the host's clock is off, not the record. Sent again once the clock is right, it goes
 * through; treated as a refusal, it would dead-letter an event whose DRS jobs already started.
 */
public final class Refusals {

  private Refusals() {}

  /** The refusal in a failed send's or commit's cause chain, or null when there is none. */
  public static Throwable of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RecordTooLargeException
          || t instanceof RecordBatchTooLargeException
          || t instanceof InvalidRecordException) {
        return t;
      }
    }
    return null;
  }
}
