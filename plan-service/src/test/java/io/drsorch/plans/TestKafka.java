package io.drsorch.plans;

import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What tests use to talk to the service's broker directly, with the project's serde: read back what
 * the service produced, and produce what other services would.
 */
public final class TestKafka {

  private TestKafka() {}

  public static String bootstrapServers() {
    return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
  }

  public static <V extends SpecificRecord> Topic<V> topic(TopicSpec<V> spec) {
    String url = ConfigProvider.getConfig().getValue("schema.registry.url", String.class);
    return Topic.bind(spec, SchemaRegistryClient.shared(url));
  }

  /** Writes one record and waits for its acknowledgement. */
  public static <V extends SpecificRecord> void produce(TopicSpec<V> spec, String key, V value)
      throws Exception {
    Topic<V> topic = topic(spec);
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
            topic.key().serializer(),
            topic.value().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Reads the topic from the beginning (all partitions, no group) until a record matches, or gives
   * up after {@code timeout}.
   */
  public static <V extends SpecificRecord> Optional<ConsumerRecord<String, V>> find(
      TopicSpec<V> spec, Predicate<ConsumerRecord<String, V>> matches, Duration timeout) {
    Topic<V> topic = topic(spec);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            topic.key().deserializer(),
            topic.value().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic.name())
          .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
          if (matches.test(record)) {
            return Optional.of(record);
          }
        }
      }
      return Optional.empty();
    }
  }
}
