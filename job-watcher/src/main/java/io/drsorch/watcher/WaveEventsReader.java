package io.drsorch.watcher;

import io.drsorch.avro.WaveEvent;
import io.drsorch.schemas.limits.Problems;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.runtime.EndTransaction;
import io.drsorch.schemas.runtime.EndTransaction.UnknownTransactionStateException;
import io.drsorch.schemas.runtime.PartitionPauses;
import io.drsorch.schemas.runtime.Refusals;
import io.drsorch.schemas.runtime.TransientFailures;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.watcher.admission.EventCheck;
import io.drsorch.watcher.state.Origin;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's Kafka side: one thread reads drs.wave-events into {@link WatchedPartitions}, whose
 * state is the topic: each assigned partition is replayed from the beginning. It writes nothing but
 * dead letters (what it could not read or apply) and the group's offsets, which say which records
 * were handled before; a dead letter commits in one transaction with the offset past its record, so
 * each is written once even if the watcher dies right after. A record over the bounds of what it
 * watches ({@link EventCheck}) is dead-lettered too; event types it does not act on
 * (WaveLaunchFailed, WaveLaunchDeferred, TerminationFailed) are read and ignored.
 *
 * <p>A record the registry could not be asked about is read again once its partition's hold is
 * over; a dead letter too large for drs.dead-letters goes without the record's bytes.
 */
final class WaveEventsReader {

  private static final Logger LOG = LoggerFactory.getLogger(WaveEventsReader.class);
  private static final String TOPIC = Topics.WAVE_EVENTS.name();
  private static final String SERVICE = "job-watcher";
  private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
  private static final Duration PAUSE_AFTER_TRANSIENT_FAILURE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PARTITION_HOLD = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final WatcherConfig config;

  /**
   * The dead-letter producer's transactional id, kept across sessions: a new session's producer
   * settles (commits or aborts) what the previous one left open before the group is asked again.
   */
  private final String deadLetterTransactionalId;

  // The consumer and dead-letter producer of the current session (see #session); the consumer
  // thread's alone, but close() wakes the consumer up.
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private KafkaProducer<byte[], byte[]> deadLetterProducer;
  private DeadLetters deadLetters;

  /** Per partition, after a failure that is not its records' fault; one per session. */
  private PartitionPauses pauses;

  private final HandledOffsets handled = new HandledOffsets();
  private final AvroSerde<WaveEvent> events;

  /** Letters for the WaveLaunched of attempts the poller gave up on, for this thread to write. */
  private final Queue<Unreadable> givenUpLetters = new ConcurrentLinkedQueue<>();

  private final Clock clock;
  private final WatchedPartitions partitions;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean polledOnce;
  private Instant lastCommit = Instant.EPOCH;

  WaveEventsReader(WatcherConfig config, WatchedPartitions partitions, Clock clock) {
    this.config = config;
    this.partitions = partitions;
    this.clock = clock;
    this.events =
        AvroSerde.forValues(SchemaRegistryClient.shared(config.registryUrl()), WaveEvent.class);
    this.deadLetterTransactionalId = config.groupId() + "-dead-letters-" + UUID.randomUUID();
    this.thread = new Thread(this::consume, "job-watcher-consumer");
  }

  void start() {
    thread.start();
  }

  /** True once it has polled Kafka at least once, and for as long as it reads. */
  boolean reading() {
    return polledOnce && thread.isAlive();
  }

  /** Returns once it has stopped, whether by {@link #close()} or by a fatal error. */
  void awaitStopped() throws InterruptedException {
    thread.join();
  }

  /** Writes this letter (of an attempt given up on) with the next commit, from any thread. */
  void deadLetterLater(Unreadable letter) {
    givenUpLetters.add(letter);
  }

  void close() {
    running = false;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs sessions until closed. When whether a transaction of dead letters committed is unknown
   * (its commit kept timing out, its abort failed), the session ends without committing anything
   * more and a new one starts after a pause: its producer settles the old transaction, and its
   * consumer replays and learns from the group which records were really handled.
   */
  private void consume() {
    try {
      while (running) {
        try {
          session();
        } catch (UnknownTransactionStateException e) {
          LOG.warn("{}: starting the Kafka clients afresh", e.getMessage());
          pause();
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("job-watcher consumer stopped: {}", e.toString(), e);
    }
  }

  /** One consumer and one dead-letter producer, until closed or their transaction state is lost. */
  private void session() {
    KafkaProducer<byte[], byte[]> letterProducer =
        new KafkaProducer<>(
            deadLetterProducerProperties(config, deadLetterTransactionalId),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    KafkaConsumer<byte[], byte[]> sessionConsumer;
    try {
      sessionConsumer = new KafkaConsumer<>(consumerProperties(config));
    } catch (RuntimeException e) {
      letterProducer.close(CLOSE_TIMEOUT);
      throw e;
    }
    deadLetterProducer = letterProducer;
    deadLetters = new DeadLetters(letterProducer, SERVICE);
    pauses = new PartitionPauses(PAUSE_AFTER_TRANSIENT_FAILURE, LONGEST_PARTITION_HOLD, clock);
    consumer = sessionConsumer;
    // The consumer's own figures (lag, fetch rates) on /q/metrics, for this session.
    KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(sessionConsumer);
    consumerMetrics.bindTo(Metrics.globalRegistry);
    boolean commitOnTheWayOut = true;
    try {
      try {
        letterProducer.initTransactions();
      } catch (TimeoutException e) {
        throw new UnknownTransactionStateException("could not start transactions: " + e, e);
      }
      sessionConsumer.subscribe(List.of(TOPIC), new ReplayOnAssignment());
      List<Unreadable> givenUp = new ArrayList<>();
      while (running) {
        pauses.releaseDue(consumer);
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        List<Unreadable> unreadable = new ArrayList<>();
        applyAll(records, unreadable);
        for (int partition : partitions.replaying()) {
          partitions.position(partition, consumer.position(new TopicPartition(TOPIC, partition)));
        }
        for (Unreadable letter = givenUpLetters.poll();
            letter != null;
            letter = givenUpLetters.poll()) {
          givenUp.add(letter);
        }
        unreadable.addAll(givenUp);
        List<Unreadable> notWritten = commit(unreadable);
        // Records read again come back by themselves (their partitions held back for a while);
        // the letters of attempts given up on belong to no partition and are tried again here.
        givenUp = new ArrayList<>(notWritten.stream().filter(Unreadable::givenUp).toList());
        polledOnce = true;
        if (!givenUp.isEmpty()) {
          // Kafka would not take even those: wait a moment rather than try again at once.
          pause();
        }
      }
    } catch (UnknownTransactionStateException e) {
      // Offsets past letters may or may not be committed: commit nothing more (not even on the
      // rebalance that closing the consumer brings), or the group's offset could move backwards.
      handled.forgetAll();
      commitOnTheWayOut = false;
      throw e;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      commitOnTheWayOut = false;
      throw e;
    } finally {
      consumerMetrics.close();
      Set<Integer> numbers = new HashSet<>();
      try {
        sessionConsumer.assignment().forEach(tp -> numbers.add(tp.partition()));
        if (commitOnTheWayOut) {
          // Only what was handled: never past a record whose dead letter is not written.
          commitPositions(assignedPositions());
        }
      } catch (RuntimeException e) {
        LOG.warn("could not commit on the way out: {}", e.toString());
      }
      try {
        sessionConsumer.close();
      } catch (RuntimeException e) {
        LOG.warn("could not close the consumer: {}", e.toString());
      }
      // Whatever the consumer's close told the rebalance listener, this session's partitions are
      // no longer ours; the next session replays what it is assigned.
      handled.revoked(numbers);
      partitions.revoked(numbers);
      letterProducer.close(CLOSE_TIMEOUT);
    }
  }

  /**
   * Applies a poll's records partition by partition. A record the registry could not be asked about
   * is read again (with what follows it) once its partition's hold is over, the other partitions
   * read on meanwhile; one that cannot be read or applied is collected for the dead letters, unless
   * the group already handled it before this assignment.
   */
  private void applyAll(ConsumerRecords<byte[], byte[]> records, List<Unreadable> unreadable) {
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
        Exception failure;
        try {
          failure = apply(record);
        } catch (TransientReadException e) {
          consumer.seek(tp, record.offset());
          Duration wait = pauses.hold(consumer, tp);
          LOG.warn(
              "schema registry unreachable, will read {}@{} again in {}: {}",
              tp,
              record.offset(),
              wait,
              e);
          break;
        }
        if (failure == null) {
          pauses.succeeded(tp);
          handled.written(record.partition(), record.offset());
        } else if (!handled.handledBefore(record.partition(), record.offset())) {
          handled.toWrite(record.partition(), record.offset());
          unreadable.add(new Unreadable(record, failure));
        }
      }
    }
  }

  /** Null when applied, otherwise why the record cannot be read or applied. */
  private Exception apply(ConsumerRecord<byte[], byte[]> record) {
    WaveEvent event;
    try {
      event = events.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      if (TransientFailures.isOfTheMoment(e)) {
        throw new TransientReadException(e);
      }
      return e;
    } catch (RuntimeException e) {
      return e;
    }
    if (event == null) {
      return new SerializationException(
          "empty record (tombstone) on " + record.topic() + ": its events are never deleted");
    }
    try {
      Problems problems = EventCheck.of(event.getEvent());
      if (!problems.isEmpty()) {
        return new InvalidEventException(
            event.getEvent().getClass().getSimpleName() + " not applied: " + problems.summary());
      }
      // Event types the watcher does not act on (WaveLaunchFailed, WaveLaunchDeferred,
      // TerminationFailed) change nothing: they are read, not dead-lettered.
      partitions.evolve(
          record.partition(),
          event,
          new Origin(record.partition(), record.offset(), record.key(), record.value()));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * Commits what this poll handled. Dead letters go out in one transaction with the offsets past
   * them, so each is written exactly once even if the watcher dies right after; otherwise positions
   * are committed now and then, so that a restart knows what was handled. When Kafka refuses a
   * letter (larger than drs.dead-letters takes), they are written one per transaction instead, and
   * the refused one without the record's bytes.
   *
   * @return the letters not written: their records are read again, and the letters of attempts
   *     given up on are to be written on the next try
   */
  private List<Unreadable> commit(List<Unreadable> unreadable) {
    Map<Integer, Long> advanced =
        handled.advanced(
            assignedPositions(), unreadable.stream().map(Unreadable::position).toList());
    if (unreadable.isEmpty()) {
      if (!advanced.isEmpty()
          && Duration.between(lastCommit, clock.instant()).compareTo(COMMIT_INTERVAL) >= 0) {
        commitPositions(advanced);
      }
      return List.of();
    }
    Throwable failure = transaction(unreadable, advanced);
    if (failure == null) {
      return List.of();
    }
    if (Refusals.of(failure) != null) {
      LOG.warn(
          "Kafka refused one of {} dead letters ({}): writing them one by one",
          unreadable.size(),
          Refusals.of(failure).toString());
      List<Unreadable> notWritten = oneByOne(unreadable);
      if (notWritten.isEmpty()) {
        commitPositions(advanced);
        return List.of();
      }
      readAgainFromCommitted(advanced.keySet());
      return notWritten;
    }
    readAgainFromCommitted(advanced.keySet());
    return unreadable;
  }

  /**
   * Writes each letter in a transaction of its own, with the offset past its record; a letter Kafka
   * refuses becomes one without the record's bytes, which only says where the record is.
   *
   * @return the letters not written because of a failure that is not theirs, from the first on
   */
  private List<Unreadable> oneByOne(List<Unreadable> unreadable) {
    for (int i = 0; i < unreadable.size(); i++) {
      Unreadable letter = unreadable.get(i);
      ConsumerRecord<byte[], byte[]> record = letter.record();
      Map<Integer, Long> past =
          letter.givenUp()
              ? Map.of()
              : handled.advanced(
                  Map.of(record.partition(), record.offset() + 1), List.of(letter.position()));
      while (true) {
        Throwable failure = transaction(List.of(letter), past);
        if (failure == null) {
          break;
        }
        Throwable refusal = Refusals.of(failure);
        Unreadable bare = refusal == null ? null : letter.bare(refusal);
        if (bare == null) {
          if (refusal != null) {
            // Even a letter of a few hundred bytes is refused: the broker's limits are wrong,
            // not the record. Read it again later, as after any other failure of the moment.
            LOG.error("Kafka refuses even a bare dead letter: {}", refusal.toString());
          }
          return unreadable.subList(i, unreadable.size());
        }
        letter = bare;
      }
    }
    return List.of();
  }

  /**
   * One transaction of the letters and the offsets past their records.
   *
   * @return null when committed, else the failure
   */
  private Throwable transaction(List<Unreadable> letters, Map<Integer, Long> offsets) {
    try {
      deadLetterProducer.beginTransaction();
      for (Unreadable bad : letters) {
        LOG.warn(
            "{}-{}@{} cannot be applied, sent to {}: {}",
            bad.record().topic(),
            bad.record().partition(),
            bad.record().offset(),
            Topics.DEAD_LETTERS,
            bad.reason().toString());
        deadLetters.send(bad.record(), bad.reason());
      }
      if (!offsets.isEmpty()) {
        deadLetterProducer.sendOffsetsToTransaction(offsets(offsets), consumer.groupMetadata());
      }
      EndTransaction.commit(deadLetterProducer);
      handled.committed(offsets);
      for (Unreadable written : letters) {
        if (!written.givenUp()) {
          handled.written(written.record().partition(), written.record().offset());
        }
      }
      lastCommit = clock.instant();
      return null;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e;
    } catch (KafkaException e) {
      LOG.warn("dead letters not written: {}", e.toString());
      EndTransaction.abort(deadLetterProducer, e);
      return e;
    }
  }

  /**
   * Back to the last commit, once the partition's hold is over: applying records again changes no
   * state, and the unreadable ones are dead-lettered on the next try (those already written are
   * before the committed offset).
   */
  private void readAgainFromCommitted(Collection<Integer> partitionNumbers) {
    Set<TopicPartition> mine = consumer.assignment();
    for (int partition : partitionNumbers) {
      TopicPartition tp = new TopicPartition(TOPIC, partition);
      Long committed = handled.committed(partition);
      if (mine.contains(tp) && committed != null) {
        consumer.seek(tp, committed);
        pauses.hold(consumer, tp);
      }
    }
  }

  private void commitPositions(Map<Integer, Long> positions) {
    Map<Integer, Long> advanced = handled.advanced(positions);
    if (advanced.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets(advanced));
      handled.committed(advanced);
      lastCommit = clock.instant();
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // A rebalance under way, say: the next owner starts from what was committed before.
      LOG.warn("could not commit {}: {}", advanced, e.toString());
    }
  }

  private Map<Integer, Long> assignedPositions() {
    Map<Integer, Long> positions = new TreeMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      positions.put(tp.partition(), consumer.position(tp));
    }
    return positions;
  }

  private static Map<TopicPartition, OffsetAndMetadata> offsets(Map<Integer, Long> positions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    positions.forEach(
        (partition, offset) ->
            offsets.put(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(offset)));
    return offsets;
  }

  private void pause() {
    try {
      Thread.sleep(PAUSE_AFTER_TRANSIENT_FAILURE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** A wave event that must not change what the watcher watches ({@link EventCheck}). */
  static final class InvalidEventException extends RuntimeException {
    InvalidEventException(String message) {
      super(message);
    }
  }

  /** The registry could not be asked about a record's schema: not the record's fault. */
  private static final class TransientReadException extends RuntimeException {
    TransientReadException(Throwable cause) {
      super(cause.toString(), cause);
    }
  }

  private final class ReplayOnAssignment implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      if (assigned.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(assigned));
      for (TopicPartition tp : assigned) {
        OffsetAndMetadata done = committed.get(tp);
        handled.assigned(tp.partition(), done == null ? 0L : done.offset());
        partitions.assigned(tp.partition(), ends.getOrDefault(tp, 0L));
      }
      consumer.seekToBeginning(assigned);
      LOG.info("replaying {} up to {}, handled before: {}", assigned, ends, committed);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      // Everything read so far is handled (dead letters commit as they are written): say so, so
      // that the next owner does not dead-letter those records again.
      Map<Integer, Long> positions = new TreeMap<>();
      for (TopicPartition tp : revoked) {
        positions.put(tp.partition(), consumer.position(tp));
      }
      commitPositions(positions);
      List<Integer> numbers = revoked.stream().map(TopicPartition::partition).toList();
      handled.revoked(numbers);
      partitions.revoked(numbers);
      pauses.forget(revoked);
    }
  }

  private static Properties consumerProperties(WatcherConfig config) {
    // A killed instance is noticed (and its partitions handed on) after this, not the 45 s default.
    Properties props =
        config.kafka().over(Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"));
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // The state is rebuilt from the beginning on every assignment; committed offsets only say
    // which records were handled (dead-lettered) before, and are committed by hand once they are.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The launcher writes in transactions: never act on an aborted WaveLaunched.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  /**
   * Transactional, so that a dead letter and the offset past its record commit together. The id is
   * unique per instance: the group's generation fences a stale instance (sendOffsetsToTransaction
   * with the consumer's group metadata), and a short transaction timeout lets the coordinator abort
   * what a crashed instance left open before its successor reads the committed offsets.
   */
  private static Properties deadLetterProducerProperties(
      WatcherConfig config, String transactionalId) {
    Properties props = config.producerProperties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
    return props;
  }
}
