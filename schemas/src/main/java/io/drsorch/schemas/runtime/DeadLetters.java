package io.drsorch.schemas.runtime;

import io.drsorch.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Sends a record that could not be read or applied to {@code drs.dead-letters}, byte for byte, with
 * why and where from in headers, so that nothing acknowledged is lost and the consumer goes on.
 * Header names: {@code dlq.reason}, {@code dlq.exception}, {@code dlq.topic}, {@code
 * dlq.partition}, {@code dlq.offset}, {@code dlq.service}, {@code dlq.time}.
 */
public final class DeadLetters {

  private final Producer<byte[], byte[]> producer;
  private final String service;

  /** The producer may be transactional: the dead letter then commits with the consumer offset. */
  public DeadLetters(Producer<byte[], byte[]> producer, String service) {
    this.producer = producer;
    this.service = service;
  }

  public void send(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(), record.value());
    record.headers().forEach(h -> letter.headers().add(h));
    Headers headers = letter.headers();
    put(headers, "dlq.reason", String.valueOf(reason.getMessage()));
    put(headers, "dlq.exception", reason.getClass().getName());
    put(headers, "dlq.topic", record.topic());
    put(headers, "dlq.partition", Integer.toString(record.partition()));
    put(headers, "dlq.offset", Long.toString(record.offset()));
    put(headers, "dlq.service", service);
    put(headers, "dlq.time", Instant.now().toString());
    producer.send(letter);
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
