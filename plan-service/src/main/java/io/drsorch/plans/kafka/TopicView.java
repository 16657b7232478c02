package io.drsorch.plans.kafka;

import io.drsorch.schemas.runtime.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BinaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest value per key of a compacted topic, kept in memory and up to date by a background
 * reader. The reader assigns itself every partition and reads from the beginning, without a
 * consumer group: every instance of the service holds the whole topic, so any instance answers any
 * read, and no offsets are committed that a restart could skip past.
 *
 * <p>It is {@linkplain #isCaughtUp() caught up} once it has read up to the end offsets the topic
 * had when it started; until then it would answer with stale data. {@link #awaitApplied} gives
 * read-your-writes: a writer waits until the reader has passed the offset it produced at. {@link
 * #awaitTopicEnd} gives the same for writes made anywhere else, another instance of the service
 * included: it waits until the view has read what the topic held when asked.
 *
 * <p>Assumes the topic exists with a fixed number of partitions (partitions added later are not
 * read until a restart). Values are read as bytes and decoded one by one, so a record that cannot
 * be decoded (or has no key) never stops the view: it is handed to {@link UnreadableRecords}, which
 * skips it (dead-letters it, in the service) or has it read again after a pause, when it may have
 * failed for a reason of the moment; the view then does not read past it until it is readable.
 */
public final class TopicView<V> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicView.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final String topic;
  private final Deserializer<V> values;
  private final BinaryOperator<V> merge;
  private final UnreadableRecords unreadable;
  private final String clientId;
  private final KafkaConsumer<byte[], byte[]> consumer;

  /** Asks the topic's end offsets for {@link #awaitTopicEnd}; made on first use, under its lock. */
  private final KafkaClientSettings kafka;

  private KafkaConsumer<byte[], byte[]> endsProbe;
  private final Map<String, V> latest = new ConcurrentHashMap<>();
  private final Object progress = new Object();
  private final Map<Integer, Long> positions = new HashMap<>();
  private final Map<Integer, Long> endsAtStart = new HashMap<>();
  private final Thread reader;
  private volatile boolean caughtUp;
  private volatile boolean running = true;

  /**
   * @param bootstrapServers the Kafka cluster
   * @param topic a compacted topic keyed by string
   * @param values decodes non-null values (null = tombstone = key removed)
   * @param merge decides between the value held and a newly read one (held may be null)
   * @param unreadable what to do with a record without a key or with a value {@code values} cannot
   *     decode
   */
  public TopicView(
      String bootstrapServers,
      String topic,
      Deserializer<V> values,
      BinaryOperator<V> merge,
      UnreadableRecords unreadable) {
    this(KafkaClientSettings.of(bootstrapServers), topic, values, merge, unreadable);
  }

  /** As above, on a cluster reached with these client settings (security included). */
  public TopicView(
      KafkaClientSettings kafka,
      String topic,
      Deserializer<V> values,
      BinaryOperator<V> merge,
      UnreadableRecords unreadable) {
    this.topic = topic;
    this.values = values;
    this.merge = merge;
    this.unreadable = unreadable;
    this.clientId = "topic-view-" + topic + "-" + INSTANCES.incrementAndGet();
    this.kafka = kafka;
    this.consumer = new KafkaConsumer<>(consumerConfig(kafka, clientId));
    this.reader = new Thread(this::run, "topic-view-" + topic);
    this.reader.setDaemon(true);
  }

  /** A view where the last record read for a key wins. */
  public static <V> TopicView<V> latestWins(
      String bootstrapServers, String topic, Deserializer<V> values, UnreadableRecords unreadable) {
    return new TopicView<>(bootstrapServers, topic, values, (held, read) -> read, unreadable);
  }

  /** A view where the last record read for a key wins, on a cluster reached with these settings. */
  public static <V> TopicView<V> latestWins(
      KafkaClientSettings kafka,
      String topic,
      Deserializer<V> values,
      UnreadableRecords unreadable) {
    return new TopicView<>(kafka, topic, values, (held, read) -> read, unreadable);
  }

  /** A view where the last record read for a key wins, and unreadable ones are logged. */
  public static <V> TopicView<V> latestWins(
      String bootstrapServers, String topic, Deserializer<V> values) {
    return latestWins(bootstrapServers, topic, values, UnreadableRecords.logAndSkip());
  }

  private static Map<String, Object> consumerConfig(KafkaClientSettings kafka, String clientId) {
    return kafka.client(
        Map.of(
            // One per view, so that logs and metrics say which view a consumer belongs to.
            ConsumerConfig.CLIENT_ID_CONFIG,
            clientId,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            // Views written by exactly-once Streams applications must not show aborted records.
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            // Keys as bytes too: a record is dead-lettered byte for byte, whatever its key holds.
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class));
  }

  /**
   * Assigns every partition, notes where the topic ends now, and starts reading. When that fails,
   * the consumer is closed before the failure is thrown: the caller never got a view to close.
   */
  public TopicView<V> start() {
    try {
      assignAll();
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
    reader.start();
    return this;
  }

  private void assignAll() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(60));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
    synchronized (progress) {
      for (TopicPartition partition : partitions) {
        endsAtStart.put(partition.partition(), ends.get(partition));
        positions.put(partition.partition(), 0L);
      }
      updateCaughtUp();
    }
  }

  /** The consumer's client id, under which Kafka registers its metrics while it is open. */
  String clientId() {
    return clientId;
  }

  public String topic() {
    return topic;
  }

  public boolean isCaughtUp() {
    return caughtUp;
  }

  public Optional<V> get(String key) {
    return Optional.ofNullable(latest.get(key));
  }

  public Collection<V> values() {
    return List.copyOf(latest.values());
  }

  /**
   * Waits until the record at {@code offset} of {@code partition} has been applied.
   *
   * @return false when it has not been within {@code timeout}
   */
  public boolean awaitApplied(int partition, long offset, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (positions.getOrDefault(partition, -1L) <= offset) {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0 || !running) {
          return false;
        }
        try {
          progress.wait(remainingMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Waits until the view has read everything the topic holds now (committed), so that whatever was
   * written before this call, by this instance or by any other, is in the view: another instance's
   * write followed by a request here reads it, as a load balancer in front of several instances
   * needs.
   *
   * @return false when that has not happened within {@code timeout}, or the end offsets could not
   *     be read
   */
  public boolean awaitTopicEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> ends;
    try {
      ends = endOffsets(timeout);
    } catch (KafkaException e) {
      LOG.warn("cannot read the end offsets of {}: {}", topic, e.toString());
      return false;
    }
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      long left = deadline - System.nanoTime();
      if (end.getValue() > 0
          && !awaitApplied(
              end.getKey().partition(), end.getValue() - 1, Duration.ofNanos(Math.max(0, left)))) {
        return false;
      }
    }
    return true;
  }

  private Map<TopicPartition, Long> endOffsets(Duration timeout) {
    List<TopicPartition> partitions;
    synchronized (progress) {
      partitions = endsAtStart.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
    }
    synchronized (this) {
      if (!running) {
        throw new KafkaException("the view of " + topic + " is closed");
      }
      if (endsProbe == null) {
        endsProbe = new KafkaConsumer<>(consumerConfig(kafka, clientId + "-ends"));
      }
      return endsProbe.endOffsets(partitions, timeout);
    }
  }

  private void run() {
    try {
      while (running) {
        try {
          if (!apply(consumer.poll(POLL))) {
            pause();
          }
        } catch (WakeupException e) {
          // close() wakes the reader up; the loop condition ends it.
        } catch (KafkaException e) {
          LOG.warn("reading {} failed, retrying: {}", topic, e.toString());
          pause();
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  /**
   * Applies the records partition by partition, in order.
   *
   * @return false when a record is to be read again: its partition is rewound to it, and the caller
   *     pauses before the next poll
   */
  private boolean apply(ConsumerRecords<byte[], byte[]> records) {
    boolean allRead = true;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        if (!applyOne(record)) {
          consumer.seek(partition, record.offset());
          allRead = false;
          break;
        }
      }
    }
    synchronized (progress) {
      for (TopicPartition partition : consumer.assignment()) {
        positions.put(partition.partition(), consumer.position(partition));
      }
      updateCaughtUp();
      progress.notifyAll();
    }
    return allRead;
  }

  /**
   * @return false when the record is to be read again
   */
  private boolean applyOne(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return handleUnreadable(record, new MissingKeyException());
    }
    String key = new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      latest.remove(key);
      return true;
    }
    V value;
    try {
      value = values.deserialize(topic, record.value());
    } catch (RuntimeException e) {
      // SerializationException for garbage; anything else the decoder may throw on it too.
      return handleUnreadable(record, e);
    }
    latest.compute(key, (k, held) -> merge.apply(held, value));
    return true;
  }

  private boolean handleUnreadable(ConsumerRecord<byte[], byte[]> record, RuntimeException reason) {
    try {
      return unreadable.handle(record, reason) == UnreadableRecords.Action.SKIP;
    } catch (RuntimeException e) {
      LOG.error("skipping unreadable {} record at {}", topic, where(record), e);
      return true;
    }
  }

  private void updateCaughtUp() {
    if (caughtUp) {
      return;
    }
    for (Map.Entry<Integer, Long> end : endsAtStart.entrySet()) {
      if (positions.getOrDefault(end.getKey(), 0L) < end.getValue()) {
        return;
      }
    }
    caughtUp = true;
    LOG.info("caught up with {} ({} keys)", topic, latest.size());
  }

  private static String where(ConsumerRecord<?, ?> record) {
    return "partition " + record.partition() + " offset " + record.offset();
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops the reader and waits for it to close its consumer. */
  @Override
  public void close() {
    running = false;
    synchronized (this) {
      if (endsProbe != null) {
        endsProbe.close(Duration.ofSeconds(5));
        endsProbe = null;
      }
    }
    consumer.wakeup();
    if (!reader.isAlive()) {
      if (reader.getState() == Thread.State.NEW) {
        consumer.close(Duration.ofSeconds(5));
      }
      return;
    }
    try {
      reader.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
