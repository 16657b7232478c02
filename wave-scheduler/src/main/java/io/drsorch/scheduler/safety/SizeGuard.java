package io.drsorch.scheduler.safety;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;

/**
 * Measures every record a processor is about to write (its state and its outputs) before it writes
 * any, so that a record the broker would refuse is never sent: the input that would cause it is
 * dead-lettered (or, for a request, rejected) inside the same transaction, and processing goes on.
 * A write the broker refuses is otherwise found only at flush or commit, after the input's
 * processing is over: the transaction aborts and the stream thread dies on the same record again
 * and again.
 *
 * <p>The bound ({@code scheduler.max.record.bytes}, 900,000 by default) stays under Kafka's default
 * limits of 1,048,576 bytes (the producer's {@code max.request.size}, the broker's {@code
 * message.max.bytes} and each topic's {@code max.message.bytes}) with room for the key, the headers
 * and the batch around the value. A topic may be configured lower: when the broker refuses a record
 * for its size ({@link #refused}), the guard remembers the size for that topic and holds every
 * later record at least as large, so the record that caused the refusal is caught here when it is
 * processed again. That memory lasts {@link #REFUSAL_MEMORY}, so that a topic whose limit an
 * operator raised takes large records again without a restart.
 *
 * <p>Thread-safe: the producer's callbacks report refusals from the producer's own thread.
 */
public final class SizeGuard {

  /** Where the Kafka Streams configuration carries the instance's guard to the error handlers. */
  public static final String CONFIG = "drsorch.scheduler.size.guard";

  public static final int DEFAULT_MAX_RECORD_BYTES = 900_000;

  static final Duration REFUSAL_MEMORY = Duration.ofMinutes(10);

  private final int maxRecordBytes;
  private final Clock clock;
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();

  private record Refusal(int bytes, Instant at) {}

  public SizeGuard(int maxRecordBytes) {
    this(maxRecordBytes, Clock.systemUTC());
  }

  SizeGuard(int maxRecordBytes, Clock clock) {
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("max record bytes must be positive: " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
    this.clock = clock;
  }

  /** The most bytes a value written to {@code topic} may have. */
  public int limitFor(String topic) {
    Refusal refusal = refusals.get(topic);
    if (refusal == null) {
      return maxRecordBytes;
    }
    if (refusal.at().plus(REFUSAL_MEMORY).isBefore(clock.instant())) {
      refusals.remove(topic, refusal);
      return maxRecordBytes;
    }
    return Math.min(maxRecordBytes, refusal.bytes() - 1);
  }

  /** The broker refused a value of {@code bytes} bytes written to {@code topic} for its size. */
  public void refused(String topic, int bytes) {
    Instant now = clock.instant();
    refusals.merge(
        topic,
        new Refusal(bytes, now),
        (old, fresh) -> fresh.bytes() < old.bytes() ? fresh : new Refusal(old.bytes(), now));
  }

  /** Starts measuring the records of one write. */
  public Check check() {
    return new Check();
  }

  /** The records of one write, measured one by one until one does not fit. */
  public final class Check {

    private String problem;

    private Check() {}

    /**
     * Measures {@code value} (null: nothing to measure), to be written to {@code topic}.
     *
     * @param what the record in words, for the reason, e.g. "the ExecutionUpdated view"
     */
    public Check add(String topic, String what, SpecificRecord value) {
      return addLeavingRoom(topic, what, value, 0);
    }

    /**
     * Measures {@code value} like {@link #add}, against {@code topic}'s limit less {@code room}
     * bytes: for a record whose later versions must still fit when they grow a little.
     */
    public Check addLeavingRoom(String topic, String what, SpecificRecord value, int room) {
      if (problem == null && value != null) {
        int bytes = RecordSize.of(value);
        int topicLimit = limitFor(topic);
        int limit = topicLimit - room;
        if (bytes > limit) {
          problem =
              what
                  + " would be "
                  + bytes
                  + " bytes, over the "
                  + limit
                  + "-byte bound of "
                  + topic
                  + (room > 0 ? " (" + room + " bytes kept free for its updates)" : "")
                  + (topicLimit < maxRecordBytes
                      ? " (the broker refused a record of " + (topicLimit + 1) + " bytes there)"
                      : "");
        }
      }
      return this;
    }

    /** Why the write must not happen, if a record does not fit. */
    public Optional<String> problem() {
      return Optional.ofNullable(problem);
    }
  }
}
