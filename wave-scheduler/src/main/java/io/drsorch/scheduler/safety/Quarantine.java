package io.drsorch.scheduler.safety;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the source records whose processing failed in a way only seen after the processor
 * returned, or that the processor could not catch: a write refused by the producer, a value that
 * cannot be encoded, an exception out of the processing itself. Kafka Streams then aborts the
 * transaction and the stream thread dies; the uncaught-exception handler replaces it and the new
 * thread reads the same records again from the last commit. Without this memory it fails on the
 * same record forever, and no other record of its partitions is ever processed.
 *
 * <p>The error handlers report a failure against the record that caused it ({@link #failed}); when
 * the record comes back after {@link #FAILURES_BEFORE_DEAD_LETTER} failures, {@link #verdict} says
 * to dead-letter it with the recorded reason instead of processing it. The dead letter goes through
 * the topology's own dead-letter sink, so it commits with the record's offset. Should even that
 * fail on the record (the dead letter refused in turn), the record is skipped, with an error in the
 * log naming its position: nothing may stop the partition.
 *
 * <p>One failure is not enough, because a failure may be a fluke of the moment. Failures of the
 * infrastructure (see {@link Faults}) are never reported: those records are retried, with the
 * thread replaced, until the infrastructure is back.
 *
 * <p>In memory, per instance: after a restart a record fails {@link #FAILURES_BEFORE_DEAD_LETTER}
 * times again before it is set aside, which costs a few thread replacements, not a wedge. Bounded:
 * the oldest entries are forgotten first.
 */
public final class Quarantine {

  /** Where the Kafka Streams configuration carries the instance's quarantine to the handlers. */
  public static final String CONFIG = "drsorch.scheduler.quarantine";

  public static final int FAILURES_BEFORE_DEAD_LETTER = 2;

  private static final int MAX_TRACKED = 10_000;

  /**
   * Characters of a failure's message kept per record: Avro's messages can repeat the whole datum
   * (a megabyte), and up to {@link #MAX_TRACKED} are kept. The dead letter shows no more anyway.
   */
  static final int MAX_MESSAGE_LENGTH = 1000;

  private final Map<SourcePosition, Strikes> strikes =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SourcePosition, Strikes> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  /** The record each stream thread is processing, for failures reported on that thread. */
  private final ThreadLocal<SourcePosition> processing = new ThreadLocal<>();

  private record Strikes(int count, String exception, String message) {}

  /** What to do with a record read again. */
  public enum Action {
    PROCESS,
    DEAD_LETTER,
    SKIP
  }

  /**
   * @param reason why the record is set aside (null when it is processed)
   * @param exception the class name of its last failure (null when it is processed)
   */
  public record Verdict(Action action, String reason, String exception) {}

  public Verdict verdict(SourcePosition at) {
    Strikes s;
    synchronized (strikes) {
      s = strikes.get(at);
    }
    if (s == null || s.count() < FAILURES_BEFORE_DEAD_LETTER) {
      return new Verdict(Action.PROCESS, null, null);
    }
    String reason =
        "processing failed "
            + s.count()
            + " times, the stream thread replaced each time; last failure: "
            + s.message();
    return new Verdict(
        s.count() == FAILURES_BEFORE_DEAD_LETTER ? Action.DEAD_LETTER : Action.SKIP,
        reason,
        s.exception());
  }

  /**
   * Marks {@code at} as the record this thread is processing until the scope is closed, so that a
   * failure reported on this thread meanwhile (a write the producer refuses at once) is charged to
   * it.
   */
  public Scope processing(SourcePosition at) {
    processing.set(at);
    return processing::remove;
  }

  /** The record this thread is processing, if it is processing one. */
  public Optional<SourcePosition> current() {
    return Optional.ofNullable(processing.get());
  }

  /** Charges a failure caused by the record at {@code at}. */
  public void failed(SourcePosition at, Throwable cause) {
    synchronized (strikes) {
      Strikes before = strikes.remove(at);
      int count = before == null ? 1 : before.count() + 1;
      strikes.put(at, new Strikes(count, cause.getClass().getName(), cut(cause.getMessage())));
    }
  }

  private static String cut(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    int end = MAX_MESSAGE_LENGTH;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--; // never half a character
    }
    return message.substring(0, end) + "... (" + message.length() + " characters)";
  }

  /** Ends {@link #processing}. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
