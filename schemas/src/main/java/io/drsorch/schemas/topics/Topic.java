package io.drsorch.schemas.topics;

import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic bound to serdes for one registry: what producers, consumers and Kafka Streams use.
 * Immutable; build one per process with {@link #bind}.
 */
public record Topic<V extends SpecificRecord>(String name, Serde<String> key, Serde<V> value) {

  public static <V extends SpecificRecord> Topic<V> bind(
      TopicSpec<V> spec, SchemaRegistryClient registry) {
    return new Topic<>(
        spec.name(), Serdes.String(), AvroSerde.forValues(registry, spec.valueType()));
  }
}
