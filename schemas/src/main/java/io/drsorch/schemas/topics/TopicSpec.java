package io.drsorch.schemas.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A topic of the contract: its name, the Avro type of its values and how it is cleaned up. Keys are
 * always strings (planId, groupId or executionId), so that any tool reads them.
 *
 * @param name the topic name, exactly as in the architecture's topic table
 * @param valueType the generated Avro class every value of the topic has
 * @param compacted true for topics that hold the latest value per key (tombstone = deleted)
 * @param retention how long records are kept on a non-compacted topic; null = broker default
 */
public record TopicSpec<V extends SpecificRecord>(
    String name, Class<V> valueType, boolean compacted, Duration retention) {

  /** Topic-level configs to create the topic with. */
  public Map<String, String> configs() {
    if (compacted) {
      return Map.of("cleanup.policy", "compact");
    }
    if (retention != null) {
      return Map.of(
          "cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
    }
    return Map.of("cleanup.policy", "delete");
  }
}
