package io.drsorch.watcher;

import io.drsorch.avro.WaveEvent;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic (committed records only) from the beginning, as tests need it. */
final class EventsReader implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final AvroSerde<WaveEvent> events;
  private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

  EventsReader(String bootstrap, String registryUrl, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", bootstrap,
                "isolation.level", "read_committed",
                "enable.auto.commit", "false"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    events = AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveEvent.class);
  }

  /** Every record read so far, after reading whatever arrived since the last call. */
  synchronized List<ConsumerRecord<byte[], byte[]>> records() {
    consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
    return List.copyOf(seen);
  }

  /** The events of one execution read so far, in topic order. */
  List<Object> eventsOf(String executionId) {
    List<Object> mine = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records()) {
      Object event;
      try {
        event = events.deserialize(Topics.WAVE_EVENTS.name(), record.value()).getEvent();
      } catch (SerializationException | NullPointerException e) {
        continue; // the unreadable records some tests write on purpose
      }
      if (executionId.equals(((GenericRecord) event).get("executionId").toString())) {
        mine.add(event);
      }
    }
    return mine;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
