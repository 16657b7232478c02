package io.drsorch.plans.kafka;

import io.drsorch.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code drs.dead-letters} as a consumer that trusts only committed transactions would: an
 * aborted letter is not a letter.
 */
final class DeadLetterReader {

  private DeadLetterReader() {}

  /**
   * Every committed letter whose {@code dlq.topic} is {@code topic} and whose key is {@code key}.
   */
  static List<ConsumerRecord<byte[], byte[]>> lettersOf(
      String bootstrapServers, String topic, String key) {
    List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> letter : readAll(bootstrapServers)) {
      if (topic.equals(header(letter, "dlq.topic"))
          && letter.key() != null
          && key.equals(new String(letter.key(), StandardCharsets.UTF_8))) {
        letters.add(letter);
      }
    }
    return letters;
  }

  /**
   * Every committed letter of the record at {@code offset} of {@code topic}'s {@code partition}.
   */
  static List<ConsumerRecord<byte[], byte[]>> lettersOfOffset(
      String bootstrapServers, String topic, int partition, long offset) {
    return readAll(bootstrapServers).stream()
        .filter(letter -> topic.equals(header(letter, "dlq.topic")))
        .filter(letter -> Integer.toString(partition).equals(header(letter, "dlq.partition")))
        .filter(letter -> Long.toString(offset).equals(header(letter, "dlq.offset")))
        .toList();
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(Topics.DEAD_LETTERS, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + Topics.DEAD_LETTERS + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
