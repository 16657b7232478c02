package io.drsorch.scheduler.safety;

import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Where a source record was read: what identifies it again when it is processed once more. */
public record SourcePosition(String topic, int partition, long offset) {

  public static SourcePosition of(RecordMetadata metadata) {
    return new SourcePosition(metadata.topic(), metadata.partition(), metadata.offset());
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
