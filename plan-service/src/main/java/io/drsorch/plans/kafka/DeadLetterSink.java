package io.drsorch.plans.kafka;

import io.drsorch.schemas.runtime.DeadLetters;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the records the views cannot read to {@code drs.dead-letters} (with {@link DeadLetters}:
 * the record byte for byte, the reason and its origin in {@code dlq.*} headers), exactly once per
 * record, although every instance of the service reads every record again at every start.
 *
 * <p>How: a consumer group of its own (no member ever joins it) holds, per partition of a view's
 * topic, the offset below which every unreadable record has been dead-lettered. A dead letter and
 * the move of that mark past its record are one Kafka transaction, so neither happens without the
 * other. A restarted instance finds the mark and sends nothing again. All instances share one
 * transactional id: the latest one to start sending fences the others (their next transaction fails
 * and they leave the record to it, as it reads that record too), and it reads the marks only after
 * fencing them, so no record is sent by two.
 *
 * <p>When sending fails (Kafka unavailable), the mark stays where it is and nothing later of that
 * partition is sent until the next start, which sends them all: a record is never left below the
 * mark without its letter.
 */
public final class DeadLetterSink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);
  private static final Duration BLOCK = Duration.ofSeconds(15);

  /** Tries at one record while other instances fence this one. */
  private static final int ATTEMPTS = 3;

  private final String bootstrapServers;
  private final String service;
  private final String id;
  private final Map<TopicPartition, Long> marks = new HashMap<>();
  private final Set<TopicPartition> leftForNextStart = new HashSet<>();
  private KafkaProducer<byte[], byte[]> producer;
  private DeadLetters letters;

  /**
   * @param service the {@code dlq.service} header
   * @param id the transactional id and consumer group of every instance of {@code service}
   */
  public DeadLetterSink(String bootstrapServers, String service, String id) {
    this.bootstrapServers = bootstrapServers;
    this.service = service;
    this.id = id;
  }

  /** Dead-letters {@code record} unless it was before; never throws. */
  public synchronized void send(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    String where = record.topic() + "/" + record.partition() + "@" + record.offset();
    if (leftForNextStart.contains(partition)) {
      LOG.warn("not dead-lettering {} now ({}): an earlier one failed", where, reason.getMessage());
      return;
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        sendOnce(record, partition, where, reason);
        return;
      } catch (ProducerFencedException | InvalidProducerEpochException e) {
        // Another instance started sending since. It may have sent this record, or be gone:
        // fence it in turn and look at the marks again.
        LOG.info("another instance dead-letters too; looking at {} again", where);
        discardProducer();
      } catch (KafkaException | IllegalStateException e) {
        LOG.warn("cannot dead-letter {}; it is sent at the next start: {}", where, e.toString());
        leftForNextStart.add(partition);
        discardProducer();
        return;
      }
    }
    LOG.warn("cannot dead-letter {}: other instances keep fencing this one", where);
    leftForNextStart.add(partition);
  }

  private void sendOnce(
      ConsumerRecord<byte[], byte[]> record,
      TopicPartition partition,
      String where,
      Throwable reason) {
    start();
    if (record.offset() < marks.getOrDefault(partition, 0L)) {
      LOG.info("{} was dead-lettered before: {}", where, reason.getMessage());
      return;
    }
    producer.beginTransaction();
    letters.send(record, reason);
    producer.sendOffsetsToTransaction(
        Map.of(partition, new OffsetAndMetadata(record.offset() + 1)),
        new ConsumerGroupMetadata(id));
    producer.commitTransaction();
    marks.put(partition, record.offset() + 1);
    LOG.warn("dead-lettered {}: {}", where, reason.getMessage());
  }

  /** Fences the instances that sent before, then reads how far they got. */
  private void start() {
    if (producer != null) {
      return;
    }
    KafkaProducer<byte[], byte[]> started = new KafkaProducer<>(producerConfig());
    try {
      started.initTransactions();
      Map<TopicPartition, Long> read = readMarks();
      marks.clear();
      marks.putAll(read);
    } catch (RuntimeException e) {
      started.close(Duration.ZERO);
      throw e;
    }
    producer = started;
    letters = new DeadLetters(producer, service);
  }

  private Map<TopicPartition, Long> readMarks() {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) BLOCK.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) BLOCK.toMillis()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(
                  id, new ListConsumerGroupOffsetsOptions().requireStable(true))
              .partitionsToOffsetAndMetadata()
              .get(BLOCK.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, Long> read = new HashMap<>();
      committed.forEach(
          (partition, offset) -> {
            if (offset != null) {
              read.put(partition, offset.offset());
            }
          });
      return read;
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("cannot read the dead-letter marks of group " + id, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while reading the dead-letter marks", e);
    }
  }

  private Map<String, Object> producerConfig() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        id,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        BLOCK.toMillis(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
        ByteArraySerializer.class);
  }

  private void discardProducer() {
    if (producer != null) {
      // Closing aborts a transaction left open; the next start's fencing would too.
      producer.close(Duration.ofSeconds(1));
      producer = null;
      letters = null;
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
