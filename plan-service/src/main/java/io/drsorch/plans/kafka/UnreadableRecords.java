package io.drsorch.plans.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link TopicView} does with a record it cannot hold: no key, or a value it cannot decode.
 */
@FunctionalInterface
public interface UnreadableRecords {

  enum Action {
    /** Leave the record out of the view and read on. */
    SKIP,
    /** Read it again shortly: it may be readable then (the schema registry was unreachable). */
    RETRY
  }

  Action handle(ConsumerRecord<byte[], byte[]> record, RuntimeException reason);

  /** Logs and skips: for a view whose topic has no dead-letter handling (tests, tools). */
  static UnreadableRecords logAndSkip() {
    Logger log = LoggerFactory.getLogger(TopicView.class);
    return (record, reason) -> {
      log.warn(
          "skipping unreadable {} record at partition {} offset {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          reason.getMessage());
      return Action.SKIP;
    };
  }
}
