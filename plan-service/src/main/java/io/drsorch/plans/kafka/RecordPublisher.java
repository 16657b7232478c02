package io.drsorch.plans.kafka;

import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.topics.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records to the catalogue's topics and returns only once the broker acknowledged them
 * (acks=all, idempotent): a client that gets an answer can rely on the record being durable. One
 * producer serves every topic; each value is encoded with its topic's serde first.
 */
public final class RecordPublisher implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final Duration timeout;

  public RecordPublisher(String bootstrapServers, Duration timeout) {
    this(KafkaClientSettings.of(bootstrapServers), timeout);
  }

  public RecordPublisher(KafkaClientSettings kafka, Duration timeout) {
    this.timeout = timeout;
    this.producer =
        new KafkaProducer<>(
            kafka.client(
                Map.of(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    (int) timeout.toMillis(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    timeout.toMillis(),
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) Math.min(timeout.toMillis(), 30_000),
                    ProducerConfig.LINGER_MS_CONFIG,
                    0,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class)));
  }

  /**
   * Writes {@code value} (null = tombstone) under {@code key} and waits for the acknowledgement.
   *
   * @throws KafkaUnavailableException when the registry or the broker fails or times out
   */
  public <V extends SpecificRecord> RecordMetadata publish(Topic<V> topic, String key, V value) {
    byte[] bytes;
    try {
      bytes = value == null ? null : topic.value().serializer().serialize(topic.name(), value);
    } catch (RuntimeException e) {
      throw new KafkaUnavailableException(
          "cannot encode the record for " + topic.name() + ": " + e.getMessage(), e);
    }
    try {
      return producer
          .send(new ProducerRecord<>(topic.name(), key, bytes))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException(
          "Kafka did not accept the record for " + topic.name() + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException(
          "Kafka did not acknowledge the record for " + topic.name() + " within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while writing to " + topic.name(), e);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new KafkaUnavailableException(
          "cannot write to " + topic.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
