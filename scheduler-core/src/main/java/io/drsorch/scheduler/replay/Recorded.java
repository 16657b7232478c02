package io.drsorch.scheduler.replay;

import java.time.Instant;

/**
 * One record of an execution as it sits on a topic: where (topic, partition, offset), the Kafka
 * record timestamp (what the scheduler took as "now"), and the decoded value.
 */
public record Recorded<T>(String topic, int partition, long offset, long timestamp, T value) {

  /** The same place on its topic, holding another value (an envelope's content, say). */
  public <U> Recorded<U> withValue(U other) {
    return new Recorded<>(topic, partition, offset, timestamp, other);
  }

  public Instant time() {
    return Instant.ofEpochMilli(timestamp);
  }

  public String where() {
    return topic + "/" + partition + "@" + offset;
  }
}
