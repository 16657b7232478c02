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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * after a crash finds the jobs it already started. One transaction per command, so each wave's
 * outcome is visible as soon as it is known.
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
      consumer.close();
      producer.close();
    }
  }

  private void processAll(ConsumerRecords<byte[], byte[]> records) {
    List<TopicPartition> partitions = List.copyOf(records.partitions());
    for (int p = 0; p < partitions.size(); p++) {
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(partitions.get(p));
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        if (!running) {
          return;
        }
        if (!processOne(record)) {
          // Read this record and everything after it again on the next poll.
          consumer.seek(partitions.get(p), record.offset());
          for (int q = p + 1; q < partitions.size(); q++) {
            consumer.seek(partitions.get(q), records.records(partitions.get(q)).get(0).offset());
          }
          pause();
          return;
        }
      }
    }
  }

  /** False when the record must be read again (a transient failure; nothing was committed). */
  private boolean processOne(ConsumerRecord<byte[], byte[]> record) {
    try {
      return commit(record, outputFor(record), null);
    } catch (SerializationException e) {
      if (isIo(e)) {
        LOG.warn(
            "schema registry unreachable, will read offset {} again: {}",
            record.offset(),
            e.toString());
        return false;
      }
      return commit(record, null, e);
    } catch (KafkaException e) {
      throw e;
    } catch (RuntimeException e) {
      // A command that cannot be applied must not stop every other wave: park it with the reason.
      return commit(record, null, e);
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

  private boolean commit(
      ConsumerRecord<byte[], byte[]> record,
      ProducerRecord<byte[], byte[]> output,
      Exception unreadable) {
    try {
      producer.beginTransaction();
      if (unreadable != null) {
        LOG.warn(
            "offset {} of {} cannot be read, sent to {}: {}",
            record.offset(),
            record.topic(),
            Topics.DEAD_LETTERS,
            unreadable.toString());
        deadLetters.send(record, unreadable);
      } else {
        producer.send(output);
      }
      producer.sendOffsetsToTransaction(
          Map.of(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1)),
          consumer.groupMetadata());
      producer.commitTransaction();
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e; // another instance took over, or we may not write: stop
    } catch (KafkaException e) {
      LOG.warn(
          "transaction for offset {} aborted, will read it again: {}",
          record.offset(),
          e.toString());
      producer.abortTransaction();
      return false;
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
