package io.drsorch.watcher;

import io.drsorch.schemas.topics.Topics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record of drs.wave-events that cannot be read or applied, and why: a dead letter to write.
 *
 * @param givenUp true for the WaveLaunched of an attempt the poller gave up on: not a record of the
 *     reader's current poll, so only this letter remembers it
 */
record Unreadable(ConsumerRecord<byte[], byte[]> record, Exception reason, boolean givenUp) {

  Unreadable(ConsumerRecord<byte[], byte[]> record, Exception reason) {
    this(record, reason, false);
  }

  /** Partition and offset of the record, as {@link HandledOffsets} knows letters to write. */
  Map.Entry<Integer, Long> position() {
    return Map.entry(record.partition(), record.offset());
  }

  /** The letter without the record's bytes, once Kafka refused it; null if it has none. */
  Unreadable bare(Throwable refusal) {
    if (record.key() == null && record.value() == null && !record.headers().iterator().hasNext()) {
      return null;
    }
    return new Unreadable(
        new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), null, null),
        new RefusedWriteException(
            reason.getMessage()
                + "; "
                + Topics.DEAD_LETTERS
                + " refused the record itself too ("
                + refusal
                + "): read it at "
                + record.topic()
                + "-"
                + record.partition()
                + "@"
                + record.offset(),
            refusal),
        givenUp);
  }

  /** Kafka refused to take what the watcher wrote. */
  static final class RefusedWriteException extends RuntimeException {
    RefusedWriteException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
