package io.drsorch.plans.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * read-your-writes: a writer waits until the reader has passed the offset it produced at.
 *
 * <p>Assumes the topic exists with a fixed number of partitions (partitions added later are not
 * read until a restart). Values are read as bytes and decoded one by one, so a record that cannot
 * be decoded is skipped and logged instead of stopping the view.
 */
public final class TopicView<V> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicView.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  private final String topic;
  private final Deserializer<V> values;
  private final BinaryOperator<V> merge;
  private final KafkaConsumer<String, byte[]> consumer;
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
   */
  public TopicView(
      String bootstrapServers, String topic, Deserializer<V> values, BinaryOperator<V> merge) {
    this.topic = topic;
    this.values = values;
    this.merge = merge;
    this.consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers));
    this.reader = new Thread(this::run, "topic-view-" + topic);
    this.reader.setDaemon(true);
  }

  /** A view where the last record read for a key wins. */
  public static <V> TopicView<V> latestWins(
      String bootstrapServers, String topic, Deserializer<V> values) {
    return new TopicView<>(bootstrapServers, topic, values, (held, read) -> read);
  }

  private static Map<String, Object> consumerConfig(String bootstrapServers) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        // Views written by exactly-once Streams applications must not show aborted records.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
        StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        ByteArrayDeserializer.class);
  }

  /** Assigns every partition, notes where the topic ends now, and starts reading. */
  public TopicView<V> start() {
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
    reader.start();
    return this;
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

  private void run() {
    try {
      while (running) {
        try {
          apply(consumer.poll(POLL));
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

  private void apply(ConsumerRecords<String, byte[]> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.key() == null) {
        LOG.warn("skipping {} record without a key at {}", topic, where(record));
        continue;
      }
      if (record.value() == null) {
        latest.remove(record.key());
        continue;
      }
      try {
        V value = values.deserialize(topic, record.value());
        latest.compute(record.key(), (key, held) -> merge.apply(held, value));
      } catch (SerializationException e) {
        LOG.warn("skipping undecodable {} record at {}: {}", topic, where(record), e.getMessage());
      }
    }
    synchronized (progress) {
      for (TopicPartition partition : consumer.assignment()) {
        positions.put(partition.partition(), consumer.position(partition));
      }
      updateCaughtUp();
      progress.notifyAll();
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
