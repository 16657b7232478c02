package io.drsorch.plans.kafka;

import io.drsorch.schemas.runtime.DeadLetterMetrics;
import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.Refusals;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the records the views cannot read to {@code drs.dead-letters} ({@link DeadLetters}: the
 * record byte for byte, the reason and its origin in {@code dlq.*} headers), exactly once per
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
 * <p>The marks would expire: Kafka deletes the offsets of a group without members {@code
 * offsets.retention.minutes} (7 days by default) after they were last committed, and the next start
 * would then send every unreadable record again. So the marks are committed again, unchanged and in
 * a transaction like any move, at {@link #start()} and every {@code refreshInterval}.
 *
 * <p>Letters are sent by one thread of the sink's own, in the order they were handed over (per
 * partition, in offset order), so a view's reader never waits for a Kafka transaction; it waits
 * only while {@value #QUEUE_CAPACITY} letters are queued, and none is ever dropped.
 *
 * <p>When sending fails (Kafka unavailable), the mark stays where it is and nothing later of that
 * partition is sent until the next start, which sends them all: a record is never left below the
 * mark without its letter. A letter Kafka refuses (too large) is sent again without the record's
 * value, then without its key and headers too.
 */
public final class DeadLetterSink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);
  private static final Duration BLOCK = Duration.ofSeconds(15);

  /** How long {@link #close()} lets the queued letters go out. */
  private static final Duration DRAIN = Duration.ofSeconds(15);

  private static final Duration POLL = Duration.ofMillis(200);

  /** How often the marks are committed again when nothing else is configured. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofHours(24);

  /** Letters handed over and not sent yet, beyond which a view's reader waits. */
  static final int QUEUE_CAPACITY = 1_000;

  /** Tries at one record while other instances fence this one. */
  private static final int ATTEMPTS = 3;

  private final KafkaClientSettings kafka;
  private final String service;
  private final String id;
  private final Duration refreshInterval;
  private final BlockingQueue<Letter> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Set<TopicPartition> leftForNextStart = ConcurrentHashMap.newKeySet();
  private final Thread sender;
  private volatile boolean closing;

  // Used by start() and then by the sender thread alone.
  private final Map<TopicPartition, Long> marks = new HashMap<>();
  private KafkaProducer<byte[], byte[]> producer;
  private long nextRefresh;

  private record Letter(ConsumerRecord<byte[], byte[]> record, Throwable reason) {

    TopicPartition partition() {
      return new TopicPartition(record.topic(), record.partition());
    }

    String where() {
      return record.topic() + "/" + record.partition() + "@" + record.offset();
    }
  }

  /**
   * @param service the {@code dlq.service} header
   * @param id the transactional id and consumer group of every instance of {@code service}
   * @param refreshInterval how often the marks are committed again, well below the cluster's {@code
   *     offsets.retention.minutes}
   */
  public DeadLetterSink(
      String bootstrapServers, String service, String id, Duration refreshInterval) {
    this(KafkaClientSettings.of(bootstrapServers), service, id, refreshInterval);
  }

  /** As above, on a cluster reached with these client settings (security included). */
  public DeadLetterSink(
      KafkaClientSettings kafka, String service, String id, Duration refreshInterval) {
    this.kafka = kafka;
    this.service = service;
    this.id = id;
    this.refreshInterval = refreshInterval;
    this.sender = new Thread(this::run, "dead-letters");
    this.sender.setDaemon(true);
  }

  public DeadLetterSink(String bootstrapServers, String service, String id) {
    this(bootstrapServers, service, id, DEFAULT_REFRESH_INTERVAL);
  }

  /**
   * Fences the instances that sent before, reads how far they got and commits that again, then
   * starts sending. Done at the service's start, so that the first letter does not wait for it.
   *
   * @throws KafkaException when Kafka cannot be reached
   */
  public DeadLetterSink start() {
    connect();
    refreshMarks();
    sender.start();
    return this;
  }

  /**
   * Hands {@code record} over to be dead-lettered unless it was before; never throws. Waits while
   * the queue is full.
   */
  public void send(ConsumerRecord<byte[], byte[]> record, Throwable reason) {
    Letter letter = new Letter(record, reason);
    try {
      while (!queue.offer(letter, POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (closing && !sender.isAlive()) {
          leaveForNextStart(letter, "the service is stopping");
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      leaveForNextStart(letter, "interrupted");
    }
  }

  private void leaveForNextStart(Letter letter, String why) {
    // Nothing later of its partition may move the mark past it now.
    leftForNextStart.add(letter.partition());
    LOG.warn("not dead-lettering {} now ({}); it is sent at the next start", letter.where(), why);
  }

  private void run() {
    nextRefresh = System.nanoTime() + refreshInterval.toNanos();
    try {
      while (true) {
        Letter letter = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
        if (letter != null) {
          deliver(letter);
        } else if (closing) {
          return;
        }
        if (System.nanoTime() - nextRefresh >= 0) {
          refreshMarks();
          nextRefresh = System.nanoTime() + refreshInterval.toNanos();
        }
      }
    } catch (InterruptedException e) {
      // close() stopped waiting for the queue: what is left is sent at the next start.
    } finally {
      discardProducer(Duration.ofSeconds(5));
    }
  }

  private void deliver(Letter letter) {
    TopicPartition partition = letter.partition();
    String where = letter.where();
    if (leftForNextStart.contains(partition)) {
      LOG.warn(
          "not dead-lettering {} now ({}): an earlier one failed",
          where,
          letter.reason().getMessage());
      return;
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        sendOnce(letter, partition, where);
        return;
      } catch (ProducerFencedException | InvalidProducerEpochException e) {
        // Another instance started sending since. It may have sent this record, or be gone:
        // fence it in turn and look at the marks again.
        LOG.info("another instance dead-letters too; looking at {} again", where);
        discardProducer(Duration.ofSeconds(1));
      } catch (KafkaException | IllegalStateException e) {
        LOG.warn("cannot dead-letter {}; it is sent at the next start: {}", where, e.toString());
        leftForNextStart.add(partition);
        discardProducer(Duration.ofSeconds(1));
        return;
      }
    }
    LOG.warn("cannot dead-letter {}: other instances keep fencing this one", where);
    leftForNextStart.add(partition);
  }

  private void sendOnce(Letter letter, TopicPartition partition, String where) {
    connect();
    ConsumerRecord<byte[], byte[]> record = letter.record();
    if (record.offset() < marks.getOrDefault(partition, 0L)) {
      LOG.info("{} was dead-lettered before: {}", where, letter.reason().getMessage());
      return;
    }
    Throwable refusal = null;
    for (DeadLetters.Form form : DeadLetters.Form.values()) {
      try {
        commit(
            DeadLetters.letter(record, letter.reason(), service, form, refusal),
            Map.of(partition, record.offset() + 1));
        LOG.warn("dead-lettered {}: {}", where, letter.reason().getMessage());
        return;
      } catch (KafkaException e) {
        refusal = Refusals.of(e);
        if (refusal == null) {
          throw e;
        }
        // The letter's own doing: sent again it is refused again, so send less of the record.
        producer.abortTransaction();
        LOG.warn("Kafka refused the dead letter of {} ({}): sending less of it", where, refusal);
      }
    }
    throw new KafkaException("Kafka refuses even a bare dead letter of " + where, refusal);
  }

  /**
   * One transaction: {@code letter} (none when null) and the marks moved to {@code moved}.
   *
   * @param moved the marks to commit, by partition
   */
  private void commit(ProducerRecord<byte[], byte[]> letter, Map<TopicPartition, Long> moved) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    // The metadata tells an operator looking at the group when a mark was last committed.
    String committed = "dead-lettered below this offset; committed " + Instant.now();
    moved.forEach((p, offset) -> offsets.put(p, new OffsetAndMetadata(offset, committed)));
    producer.beginTransaction();
    if (letter != null) {
      producer.send(letter);
    }
    producer.sendOffsetsToTransaction(offsets, new ConsumerGroupMetadata(id));
    producer.commitTransaction();
    marks.putAll(moved);
    if (letter != null) {
      Header exception = letter.headers().lastHeader("dlq.exception");
      DeadLetterMetrics.sent(
          service,
          exception == null ? "unknown" : new String(exception.value(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Commits the marks again as they are, so that Kafka's offset retention, counted from the last
   * commit, never deletes them. Never throws: it is tried again at the next refresh, days before
   * the marks would expire.
   */
  private void refreshMarks() {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        connect();
        if (!marks.isEmpty()) {
          commit(null, Map.copyOf(marks));
          LOG.info("committed the dead-letter marks of {} partitions again", marks.size());
        }
        return;
      } catch (ProducerFencedException | InvalidProducerEpochException e) {
        // The instance that fenced this one may be gone: fence it in turn and read again.
        discardProducer(Duration.ofSeconds(1));
      } catch (KafkaException | IllegalStateException e) {
        LOG.warn("cannot commit the dead-letter marks again now: {}", e.toString());
        discardProducer(Duration.ofSeconds(1));
        return;
      }
    }
    LOG.warn("cannot commit the dead-letter marks again: other instances keep fencing this one");
  }

  /** Fences the instances that sent before, then reads how far they got. */
  private void connect() {
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
  }

  private Map<TopicPartition, Long> readMarks() {
    try (Admin admin =
        Admin.create(
            kafka.client(
                Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) BLOCK.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    (int) BLOCK.toMillis())))) {
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
    return kafka.client(
        Map.of(
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
            ByteArraySerializer.class));
  }

  private void discardProducer(Duration timeout) {
    if (producer != null) {
      // Closing aborts a transaction left open; the next start's fencing would too.
      producer.close(timeout);
      producer = null;
    }
  }

  /**
   * Sends what is queued (for up to {@link #DRAIN}), then closes the producer. What is still queued
   * then is sent at the next start.
   */
  @Override
  public void close() {
    closing = true;
    if (sender.getState() == Thread.State.NEW) {
      discardProducer(Duration.ofSeconds(5));
      return;
    }
    try {
      sender.join(DRAIN.toMillis());
      if (sender.isAlive()) {
        LOG.warn("{} dead letters not sent before stopping; sent at the next start", queue.size());
        sender.interrupt();
        sender.join(Duration.ofSeconds(10).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
