package io.drsorch.launcher;

import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.launcher.launch.LaunchEvents;
import io.drsorch.launcher.launch.LaunchOutcome;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's loop: reads LaunchWave commands, launches them, and writes what happened.
 *
 * <p>Exactly once towards Kafka: each command's event (or dead letter) and the command's offset
 * commit in one transaction. Towards DRS, the request-id tag does the rest: a command read again
 * after a crash finds the jobs it already started. The commands of one poll are launched
 * concurrently (up to {@code launcher.concurrency}) and committed in one transaction, so waves that
 * fall due together reach DRS together instead of queueing behind each other's calls.
 */
public final class LauncherService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LauncherService.class);
  private static final String SERVICE = "drs-launcher";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PAUSE_AFTER_TRANSIENT_FAILURE = Duration.ofSeconds(1);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerde<WaveCommand> commands;
  private final AvroSerde<WaveEvent> events;
  private final DeadLetters deadLetters;
  private final WaveLauncher launcher;
  private final Clock clock;
  private final ExecutorService pool;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean ready;

  public LauncherService(LauncherConfig config, WaveLauncher launcher, Clock clock) {
    SchemaRegistryClient registry = SchemaRegistryClient.shared(config.registryUrl());
    this.commands = AvroSerde.forValues(registry, WaveCommand.class);
    this.events = AvroSerde.forValues(registry, WaveEvent.class);
    this.consumer = new KafkaConsumer<>(consumerProperties(config));
    this.producer = new KafkaProducer<>(producerProperties(config));
    this.deadLetters = new DeadLetters(producer, SERVICE);
    this.launcher = launcher;
    this.clock = clock;
    this.pool = launchPool(config.concurrency());
    this.thread = new Thread(this::run, SERVICE);
  }

  public LauncherService start() {
    thread.start();
    return this;
  }

  /** True once the consumer has its partitions (or has polled once): what /health/ready reports. */
  public boolean isReady() {
    return ready && thread.isAlive();
  }

  /** Returns once the loop has ended, whether by {@link #close()} or by a fatal error. */
  public void awaitStopped() throws InterruptedException {
    thread.join();
  }

  private void run() {
    try {
      producer.initTransactions();
      consumer.subscribe(List.of(Topics.WAVE_COMMANDS.name()), new ReadyOnAssignment());
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        ready = true;
        processAll(records);
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("launcher stopped: {}", e.toString(), e);
    } finally {
      ready = false;
      pool.shutdownNow();
      consumer.close();
      producer.close();
    }
  }

  /**
   * Launches every command of the poll at once, then commits all their events and offsets in one
   * transaction. A transient failure (the registry unreachable, the transaction aborted) leaves
   * that record and the rest of its partition to be read again; whatever of those already reached
   * DRS is found by its tags on the next read, not launched twice.
   */
  private void processAll(ConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    Map<TopicPartition, List<Pending>> byPartition = new LinkedHashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<Pending> pending = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        pending.add(new Pending(record, CompletableFuture.supplyAsync(() -> handle(record), pool)));
      }
      byPartition.put(partition, pending);
    }
    List<Handled> toCommit = new ArrayList<>();
    Map<TopicPartition, Long> rereadFrom = new LinkedHashMap<>();
    for (Map.Entry<TopicPartition, List<Pending>> partition : byPartition.entrySet()) {
      for (Pending pending : partition.getValue()) {
        Handled handled = pending.outcome().join();
        if (handled.again()) {
          rereadFrom.putIfAbsent(partition.getKey(), pending.record().offset());
        } else if (!rereadFrom.containsKey(partition.getKey())) {
          toCommit.add(handled);
        }
      }
    }
    if (!running) {
      return; // closing: nothing committed, everything is read again by the next owner
    }
    if (!toCommit.isEmpty() && !commit(toCommit)) {
      for (Handled handled : toCommit) {
        TopicPartition partition = partitionOf(handled.record());
        rereadFrom.merge(partition, handled.record().offset(), Math::min);
      }
    }
    if (!rereadFrom.isEmpty()) {
      rereadFrom.forEach(consumer::seek);
      pause();
    }
  }

  /** What one record comes to; the DRS calls happen here, on the pool. */
  private Handled handle(ConsumerRecord<byte[], byte[]> record) {
    try {
      return Handled.output(record, outputFor(record));
    } catch (SerializationException e) {
      if (isIo(e)) {
        LOG.warn(
            "schema registry unreachable, will read offset {} again: {}",
            record.offset(),
            e.toString());
        return Handled.readAgain(record);
      }
      return Handled.deadLetter(record, e);
    } catch (RuntimeException e) {
      // A command that cannot be applied must not stop every other wave: park it with the reason.
      return Handled.deadLetter(record, e);
    }
  }

  private ProducerRecord<byte[], byte[]> outputFor(ConsumerRecord<byte[], byte[]> record) {
    WaveCommand command = commands.deserialize(record.topic(), record.value());
    if (!(command.getCommand() instanceof LaunchWave launch)) {
      throw new SerializationException("not a LaunchWave: " + command.getCommand());
    }
    LaunchOutcome outcome = launcher.launch(launch);
    WaveEvent event = LaunchEvents.of(launch, outcome, clock.instant());
    return new ProducerRecord<>(
        Topics.WAVE_EVENTS.name(),
        launch.getExecutionId().getBytes(StandardCharsets.UTF_8),
        events.serialize(Topics.WAVE_EVENTS.name(), event));
  }

  /** One transaction: every event or dead letter, and each partition's next offset. */
  private boolean commit(List<Handled> handled) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    try {
      producer.beginTransaction();
      for (Handled one : handled) {
        ConsumerRecord<byte[], byte[]> record = one.record();
        if (one.unreadable() != null) {
          LOG.warn(
              "offset {} of {} cannot be read, sent to {}: {}",
              record.offset(),
              record.topic(),
              Topics.DEAD_LETTERS,
              one.unreadable().toString());
          deadLetters.send(record, one.unreadable());
        } else {
          producer.send(one.output());
        }
        offsets.merge(
            partitionOf(record),
            new OffsetAndMetadata(record.offset() + 1),
            (a, b) -> a.offset() >= b.offset() ? a : b);
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e; // another instance took over, or we may not write: stop
    } catch (KafkaException e) {
      LOG.warn(
          "transaction for {} record(s) aborted, will read them again: {}",
          handled.size(),
          e.toString());
      producer.abortTransaction();
      return false;
    }
  }

  private static TopicPartition partitionOf(ConsumerRecord<byte[], byte[]> record) {
    return new TopicPartition(record.topic(), record.partition());
  }

  private record Pending(
      ConsumerRecord<byte[], byte[]> record, CompletableFuture<Handled> outcome) {}

  /** A record's output, or its reason for the dead letters, or "read it again". */
  private record Handled(
      ConsumerRecord<byte[], byte[]> record,
      ProducerRecord<byte[], byte[]> output,
      Exception unreadable,
      boolean again) {

    static Handled output(ConsumerRecord<byte[], byte[]> record, ProducerRecord<byte[], byte[]> o) {
      return new Handled(record, o, null, false);
    }

    static Handled deadLetter(ConsumerRecord<byte[], byte[]> record, Exception reason) {
      return new Handled(record, null, reason, false);
    }

    static Handled readAgain(ConsumerRecord<byte[], byte[]> record) {
      return new Handled(record, null, null, true);
    }
  }

  private static boolean isIo(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private void pause() {
    try {
      Thread.sleep(PAUSE_AFTER_TRANSIENT_FAILURE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class ReadyOnAssignment implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      ready = true;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
  }

  private static ExecutorService launchPool(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "launcher.concurrency must be 1 or more, got " + concurrency);
    }
    AtomicInteger next = new AtomicInteger();
    return Executors.newFixedThreadPool(
        concurrency,
        task -> {
          Thread t = new Thread(task, SERVICE + "-launch-" + next.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  private static Properties consumerProperties(LauncherConfig config) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A killed instance is noticed (and its partitions handed on) after this, not the 45 s default.
    props.put(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        Integer.toString(
            io.drsorch.schemas.runtime.Settings.getInt("kafka.session.timeout.ms", 10_000)));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // A LaunchWave is on the critical path of every dependency hop: do not let a fetch sit for
    // Kafka's 500 ms default (measured in the hop benchmark: p99 964 ms with it, 665 ms at 50).
    props.put(
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
        Integer.toString(
            io.drsorch.schemas.runtime.Settings.getInt("kafka.fetch.max.wait.ms", 50)));
    // Each record may cost a few DRS calls: keep a poll's work well inside max.poll.interval.ms.
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  private static Properties producerProperties(LauncherConfig config) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }
}
