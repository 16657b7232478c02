package io.drsorch.scheduler.safety;

import java.io.IOException;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * Tells a failure that one record causes, and that would come back each time that record is
 * processed, from one of the infrastructure, which says nothing about the record. Only the first
 * kind may count against a record: an unreachable broker or registry, a timeout, a retriable error
 * or missing permissions would otherwise send good records to the dead-letter topic one after the
 * other, while they only need to be retried once the infrastructure is back.
 */
final class Faults {

  /** The network, the broker, the registry or the credentials: never a record's doing. */
  private static final List<Class<? extends Throwable>> INFRASTRUCTURE =
      List.of(
          IOException.class, // HttpTimeoutException and every other I/O failure of a client
          InterruptedException.class,
          RetriableException.class,
          AuthenticationException.class,
          AuthorizationException.class,
          SecurityDisabledException.class);

  /** The producer or the broker refused the record for what it holds: its size or form. */
  private static final List<Class<? extends Throwable>> REFUSED_FOR_CONTENT =
      List.of(
          RecordTooLargeException.class,
          RecordBatchTooLargeException.class,
          InvalidRecordException.class,
          InvalidTimestampException.class);

  /**
   * A value that cannot be encoded: Avro's, or the JVM's, complaint about a field (a null where the
   * schema wants a value). A ClassCastException is not listed: Streams wraps it in a
   * StreamsException (a sink given the wrong type) before any handler sees it.
   */
  private static final List<Class<? extends Throwable>> UNENCODABLE =
      List.of(AvroRuntimeException.class, NullPointerException.class);

  private Faults() {}

  /**
   * A failure to send or serialize a record the processor wrote: the record's fault when the broker
   * or producer refused its content, or when it cannot be encoded (a registry that cannot be
   * reached or refuses a schema fails every record alike).
   */
  static boolean isRecordsProductionFault(Throwable e) {
    return !has(e, INFRASTRUCTURE) && (has(e, REFUSED_FOR_CONTENT) || has(e, UNENCODABLE));
  }

  /**
   * A failure thrown while a processor handled a record: the record's fault when it comes from the
   * processing itself. Not when it is the Streams runtime's own exception: a send that failed
   * earlier (it surfaces at the next send, maybe during another record, and was counted where it
   * happened), a state store's I/O, a task that moved. Kafka client exceptions count only when a
   * value could not be encoded, as for production.
   */
  static boolean isRecordsProcessingFault(Throwable e) {
    if (has(e, INFRASTRUCTURE) || has(e, List.of(StreamsException.class))) {
      return false;
    }
    return !has(e, List.of(KafkaException.class)) || has(e, UNENCODABLE);
  }

  /** A refusal for size: the guard can learn the topic's limit from it. */
  static boolean isRefusedForSize(Throwable e) {
    return has(e, List.of(RecordTooLargeException.class));
  }

  private static boolean has(Throwable e, List<Class<? extends Throwable>> kinds) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      for (Class<? extends Throwable> kind : kinds) {
        if (kind.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }
}
