package io.drsorch.launcher;

import io.drsorch.avro.ActionType;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.launcher.action.ActionEvents;
import io.drsorch.launcher.action.ActionOutcome;
import io.drsorch.launcher.action.ActionSettings;
import io.drsorch.launcher.action.ActionStarter;
import io.drsorch.launcher.admission.ActionCheck;
import io.drsorch.launcher.admission.CommandCheck;
import io.drsorch.launcher.admission.TerminationCheck;
import io.drsorch.launcher.launch.LaunchEvents;
import io.drsorch.launcher.launch.LaunchOutcome;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.launcher.terminate.InstanceTerminator;
import io.drsorch.launcher.terminate.TerminationEvents;
import io.drsorch.launcher.terminate.TerminationOutcome;
import io.drsorch.schemas.limits.Problems;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.DeadLetters;
import io.drsorch.schemas.runtime.EndTransaction.UnknownTransactionStateException;
import io.drsorch.schemas.runtime.PartitionPauses;
import io.drsorch.schemas.runtime.TransientFailures;
import io.drsorch.schemas.topics.Topics;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's loop: reads LaunchWave commands, launches them, and writes what happened; and the
 * TerminateRecoveryInstances of drill clean-ups likewise.
 *
 * <p>Exactly once towards Kafka: each command's event (or dead letter) and the command's offset
 * commit in one transaction. Towards DRS, the tags on every job do the rest: a command that may
 * have been launched before without its answer committed ({@link MaybeLaunched}) looks for its
 * wave's jobs first and adopts them; any other command is launched straight away. The commands of
 * one poll are launched concurrently (up to {@code launcher.concurrency}) and committed in one
 * transaction, so waves that fall due together reach DRS together instead of queueing behind each
 * other's calls.
 *
 * <p>A TerminateRecoveryInstances (a drill's clean-up) goes through the same loop and transactions:
 * its instances are terminated by {@link InstanceTerminator}, which needs no tags, since it asks
 * DRS where the instances stand before every call, and its answer is a TerminationStarted or
 * TerminationFailed.
 *
 * <p>A RunWaveAction (a runbook step before or after a wave) goes through the same loop too: {@link
 * ActionStarter} starts its SSM automation with a client token derived from the action, so that a
 * command read again gets the same automation back instead of a second one, and its answer is a
 * WaveActionStarted (for an HTTP check at once: the job-watcher asks the URL) or a WaveActionEnded
 * FAILED naming the refusal.
 *
 * <p>No command is launched unchecked ({@link CommandCheck}), and none can hold up the others: one
 * that cannot be read or answered is dead-lettered with the reason, and so is one whose event Kafka
 * keeps refusing ({@link Transactions}). Only failures that are no record's fault (the registry or
 * the broker unreachable) make records be read again, their partition alone held back for a growing
 * pause.
 */
public final class LauncherService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LauncherService.class);
  private static final String SERVICE = "drs-launcher";
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration FIRST_PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);
  private static final Duration LONGEST_PAUSE_AFTER_FAILURE = Duration.ofSeconds(30);

  /** Where WaveEvent values are registered; the event schema is registered before any launch. */
  private static final String EVENT_SUBJECT = Topics.WAVE_EVENTS.name() + "-value";

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Commands a poll returns at most, all answered in one transaction. In LoadBenchmark's 1,000
   * executions the launcher's input is where records wait (up to a thousand commands, every other
   * stage keeping up): 20 a poll, 8 launched at a time, gave about 62 launches a second; 100 a
   * poll, 16 at a time, about 88, the commit then spread over five times as many. It is also what a
   * new owner of a partition searches DRS for after a crash ({@link MaybeLaunched}), and a poll's
   * launches must end well within {@code max.poll.interval.ms}: 100 commands at {@code
   * launcher.concurrency} 16 are 7 rounds of calls.
   */
  private static final int MAX_POLL_RECORDS = 100;

  private final LauncherConfig config;
  private final SchemaRegistryClient registry;
  private final AvroSerde<WaveCommand> commands;
  private final AvroSerde<WaveEvent> events;

  /** The current session's consumer (see {@link #session}); read by {@link #close()}. */
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  private Transactions transactions;

  /** Which commands may have reached DRS unanswered (searched before launching); per session. */
  private MaybeLaunched maybeLaunched;

  /** Between two sessions, after a transaction's state was lost. */
  private final Backoff backoff =
      new Backoff(FIRST_PAUSE_AFTER_FAILURE, LONGEST_PAUSE_AFTER_FAILURE);

  /** Per partition, after a failure that is not its records' fault; one per session. */
  private PartitionPauses pauses;

  private final WaveLauncher launcher;
  private final InstanceTerminator terminator;
  private final ActionStarter actions;
  private final Clock clock;
  private final ExecutorService pool;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean ready;

  /**
   * A launcher that starts no SSM automation: its RunWaveActions of type SSM_AUTOMATION are
   * answered FAILED ({@link ActionStarter#SSM_NOT_CONFIGURED}), its HTTP checks start as usual.
   */
  public LauncherService(
      LauncherConfig config, WaveLauncher launcher, InstanceTerminator terminator, Clock clock) {
    this(
        config,
        launcher,
        terminator,
        new ActionStarter(null, new ActionSettings(1, Duration.ZERO, Duration.ZERO), clock),
        clock);
  }

  public LauncherService(
      LauncherConfig config,
      WaveLauncher launcher,
      InstanceTerminator terminator,
      ActionStarter actions,
      Clock clock) {
    this.config = config;
    this.registry = SchemaRegistryClient.shared(config.registryUrl());
    this.commands = AvroSerde.forValues(registry, WaveCommand.class);
    this.events = AvroSerde.forValues(registry, WaveEvent.class);
    this.launcher = launcher;
    this.terminator = terminator;
    this.actions = actions;
    this.clock = clock;
    this.pool = launchPool(config.concurrency());
    this.thread = new Thread(this::run, SERVICE);
  }

  public LauncherService start() {
    thread.start();
    return this;
  }

  /**
   * True once the consumer has been given its partitions (none, when the group has more members
   * than the topic partitions): from then on a LaunchWave is read as soon as it is written. What
   * /q/health/ready reports.
   */
  public boolean isReady() {
    return ready && thread.isAlive();
  }

  /** Returns once the loop has ended, whether by {@link #close()} or by a fatal error. */
  public void awaitStopped() throws InterruptedException {
    thread.join();
  }

  /**
   * Runs sessions until closed. A session whose transaction ended in an unknown state (its commit
   * kept timing out, its abort failed) is closed and a new one started after a pause: the new
   * producer settles the old transaction, and the new consumer reads from the offsets the group
   * really committed, so every command is answered once whichever way the transaction went.
   */
  private void run() {
    try {
      try {
        registerEventSchema();
      } catch (SerializationException e) {
        LOG.warn("WaveEvent schema not registered yet, will be before the first launch: {}", e);
      }
      while (running) {
        try {
          session();
        } catch (UnknownTransactionStateException e) {
          Duration wait = backoff.failed();
          LOG.warn("{}: starting the Kafka clients afresh in {}", e.getMessage(), wait);
          pause(wait);
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (FencedInstanceIdException e) {
      LOG.error(
          "launcher stopped: a newer process joined the group as {} (this instance restarted, or"
              + " another instance was given the same launcher.transactional-id): {}",
          config.transactionalId(),
          e.toString());
    } catch (ProducerFencedException e) {
      LOG.error(
          "launcher stopped: a newer process uses its transactional id {} (this instance"
              + " restarted, or another instance given the same id: each running instance needs"
              + " its own launcher.transactional-id, LAUNCHER_TRANSACTIONAL_ID, kept across its"
              + " restarts): {}",
          config.transactionalId(),
          e.toString());
    } catch (RuntimeException e) {
      LOG.error("launcher stopped: {}", e.toString(), e);
    } finally {
      ready = false;
      pool.shutdownNow();
    }
  }

  /** One consumer and one transactional producer, polling until closed or their state is lost. */
  private void session() {
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(config));
    KafkaConsumer<byte[], byte[]> sessionConsumer;
    try {
      sessionConsumer = new KafkaConsumer<>(consumerProperties(config));
    } catch (RuntimeException e) {
      producer.close(CLOSE_TIMEOUT);
      throw e;
    }
    consumer = sessionConsumer;
    // The clients' own figures (lag, fetch and request rates) on /q/metrics, for this session.
    KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(sessionConsumer);
    KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
    consumerMetrics.bindTo(Metrics.globalRegistry);
    producerMetrics.bindTo(Metrics.globalRegistry);
    try {
      try {
        // Also settles what a previous session (or instance) with this id left open, before the
        // consumer asks which offsets are committed.
        producer.initTransactions();
      } catch (TimeoutException e) {
        throw new UnknownTransactionStateException("could not start transactions: " + e, e);
      }
      pauses = new PartitionPauses(FIRST_PAUSE_AFTER_FAILURE, LONGEST_PAUSE_AFTER_FAILURE, clock);
      maybeLaunched = new MaybeLaunched(MAX_POLL_RECORDS);
      transactions =
          new Transactions(
              producer,
              sessionConsumer::groupMetadata,
              new DeadLetters(producer, SERVICE),
              maybeLaunched.metadata());
      sessionConsumer.subscribe(List.of(Topics.WAVE_COMMANDS.name()), new ReadyOnAssignment());
      while (running) {
        pauses.releaseDue(sessionConsumer);
        ConsumerRecords<byte[], byte[]> records = sessionConsumer.poll(POLL);
        processAll(records);
        backoff.succeeded(); // the session works: a later loss of it starts the pauses afresh
      }
    } finally {
      ready = false;
      consumerMetrics.close();
      producerMetrics.close();
      try {
        // Leave the group even though the membership is static: a launcher that stops on purpose
        // hands its partitions on now, not after the session timeout.
        sessionConsumer.close(
            CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
      } catch (RuntimeException e) {
        LOG.warn("could not close the consumer: {}", e.toString());
      }
      producer.close(CLOSE_TIMEOUT);
    }
  }

  /**
   * Launches every command of the poll at once, then commits all their events and offsets (see
   * {@link Transactions}). A transient failure (the registry unreachable, the transaction aborted)
   * leaves that record and the rest of its partition to be read again: that partition alone is held
   * back for a wait that grows while its failures go on ({@link PartitionPauses}), the others are
   * read on. Whatever of those already reached DRS is found by its tags on the next read, not
   * launched twice.
   */
  private void processAll(ConsumerRecords<byte[], byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    PollMetrics.polled(records.count());
    Map<TopicPartition, List<Pending>> byPartition = new LinkedHashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<Pending> pending = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        boolean readBefore = maybeLaunched.mayHaveLaunched(partition, record.offset());
        pending.add(
            new Pending(
                record, CompletableFuture.supplyAsync(() -> handle(record, readBefore), pool)));
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
    PollMetrics.launched(started);
    if (!toCommit.isEmpty()) {
      long committing = System.nanoTime();
      transactions.commit(toCommit).forEach((p, offset) -> rereadFrom.merge(p, offset, Math::min));
      PollMetrics.committed(committing);
    }
    for (Map.Entry<TopicPartition, List<Pending>> entry : byPartition.entrySet()) {
      TopicPartition partition = entry.getKey();
      Long offset = rereadFrom.get(partition);
      if (offset == null) {
        pauses.succeeded(partition);
      } else {
        // Every command of the partition read in this poll was launched, none past the offset
        // committed: their next read looks for their jobs first.
        List<Pending> read = entry.getValue();
        maybeLaunched.notCommitted(partition, read.get(read.size() - 1).record().offset());
        consumer.seek(partition, offset);
        Duration wait = pauses.hold(consumer, partition);
        LOG.warn("{} held for {}: offset {} is read again then", partition, wait, offset);
      }
    }
  }

  /**
   * What one record comes to; the DRS calls happen here, on the pool.
   *
   * @param readBefore the command may have reached DRS before without its answer committed
   */
  private Handled handle(ConsumerRecord<byte[], byte[]> record, boolean readBefore) {
    try {
      return outputFor(record, readBefore);
    } catch (ReadAgainException e) {
      LOG.warn("will read offset {} again: {}", record.offset(), e.getMessage());
      return Handled.readAgain(record);
    } catch (SerializationException e) {
      if (TransientFailures.isOfTheMoment(e)) {
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

  /**
   * The event answering a command: a LaunchWave's launch, a TerminateRecoveryInstances'
   * termination; a command that cannot be answered throws.
   */
  private Handled outputFor(ConsumerRecord<byte[], byte[]> record, boolean readBefore) {
    WaveCommand command = commands.deserialize(record.topic(), record.value());
    if (command.getCommand() instanceof LaunchWave launch) {
      return launchOutput(record, launch, readBefore);
    }
    if (command.getCommand() instanceof TerminateRecoveryInstances terminate) {
      return terminationOutput(record, terminate);
    }
    if (command.getCommand() instanceof RunWaveAction action) {
      return actionOutput(record, action);
    }
    throw new SerializationException(
        "neither a LaunchWave, a TerminateRecoveryInstances nor a RunWaveAction: "
            + command.getCommand());
  }

  /**
   * What DRS made of the launch, or the refusal of a wave that must not be launched ({@link
   * CommandCheck}).
   */
  private Handled launchOutput(
      ConsumerRecord<byte[], byte[]> record, LaunchWave launch, boolean readBefore) {
    Problems unanswerable = CommandCheck.identity(launch);
    if (!unanswerable.isEmpty()) {
      throw new InvalidCommandException("LaunchWave cannot be answered: " + unanswerable.summary());
    }
    Problems refused = CommandCheck.launch(launch);
    boolean launching = refused.isEmpty();
    if (launching) {
      schemaBeforeDrs("nothing launched");
    }
    LaunchOutcome outcome =
        launching
            ? launcher.launch(launch, readBefore)
            : new LaunchOutcome.Rejected(
                CommandCheck.INVALID_LAUNCH_WAVE,
                "not launched: " + refused.summary(),
                false,
                null,
                List.of());
    WaveEvent event = LaunchEvents.of(launch, outcome, clock.instant());
    return answer(record, launch.getExecutionId(), event, LaunchEvents.describe(event), launching);
  }

  /**
   * What DRS made of the termination, or the refusal of one that must not reach DRS ({@link
   * TerminationCheck}). Whether it was handled before does not matter: every termination first asks
   * DRS where its instances stand ({@link InstanceTerminator}).
   */
  private Handled terminationOutput(
      ConsumerRecord<byte[], byte[]> record, TerminateRecoveryInstances terminate) {
    Problems unanswerable = TerminationCheck.identity(terminate);
    if (!unanswerable.isEmpty()) {
      throw new InvalidCommandException(
          "TerminateRecoveryInstances cannot be answered: " + unanswerable.summary());
    }
    Problems refused = TerminationCheck.terminate(terminate);
    boolean terminating = refused.isEmpty();
    if (terminating) {
      schemaBeforeDrs("nothing terminated");
    }
    TerminationOutcome outcome;
    try {
      outcome =
          terminating
              ? terminator.terminate(terminate)
              : new TerminationOutcome.Failed(
                  TerminationCheck.INVALID_TERMINATE_RECOVERY_INSTANCES,
                  "not terminated: " + refused.summary(),
                  terminate.getRecoveryInstanceIds(),
                  List.of());
    } catch (InstanceTerminator.Interrupted e) {
      throw new ReadAgainException(e.getMessage(), e);
    }
    WaveEvent event = TerminationEvents.of(terminate, outcome, clock.instant());
    return answer(
        record, terminate.getExecutionId(), event, LaunchEvents.describe(event), terminating);
  }

  /**
   * What became of the action's start, or the refusal of one that must not start ({@link
   * ActionCheck}). Whether it was handled before does not matter: the automation's client token
   * makes a second start answer the first one's execution.
   */
  private Handled actionOutput(ConsumerRecord<byte[], byte[]> record, RunWaveAction action) {
    Problems unanswerable = ActionCheck.identity(action);
    if (!unanswerable.isEmpty()) {
      throw new InvalidCommandException(
          "RunWaveAction cannot be answered: " + unanswerable.summary());
    }
    Problems refused = ActionCheck.start(action);
    boolean starting = refused.isEmpty();
    boolean callsSsm = starting && action.getAction().getType() == ActionType.SSM_AUTOMATION;
    if (callsSsm) {
      schemaBeforeDrs("no automation started");
    }
    ActionOutcome outcome;
    try {
      outcome =
          starting
              ? actions.start(action)
              : new ActionOutcome.Refused(
                  ActionCheck.INVALID_RUN_WAVE_ACTION, "not started: " + refused.summary());
    } catch (ActionStarter.Interrupted e) {
      throw new ReadAgainException(e.getMessage(), e);
    }
    WaveEvent event = ActionEvents.of(action, outcome, clock.instant());
    return answer(
        record,
        action.getExecutionId(),
        event,
        ActionEvents.describe(event),
        callsSsm && outcome instanceof ActionOutcome.Started);
  }

  /**
   * The answer must be writable once DRS has started jobs: a registry failure after the call would
   * otherwise lose the event. Registered once, the id is cached.
   */
  private void schemaBeforeDrs(String soFar) {
    try {
      registerEventSchema();
    } catch (SerializationException e) {
      throw new ReadAgainException("WaveEvent schema not registered, " + soFar + ": " + e, e);
    }
  }

  /**
   * The event as the record's output, keyed by the execution.
   *
   * @param calledDrs DRS may have started jobs (or SSM an automation): an event that cannot be
   *     serialized is not dead-lettered (that would lose them) but read again, and they are found
   *     then
   */
  private Handled answer(
      ConsumerRecord<byte[], byte[]> record,
      String executionId,
      WaveEvent event,
      String description,
      boolean calledDrs) {
    byte[] value;
    try {
      value = events.serialize(Topics.WAVE_EVENTS.name(), event);
    } catch (SerializationException e) {
      if (!calledDrs) {
        throw e;
      }
      LOG.error("{} not serialized after its DRS calls: {}", description, e);
      throw new ReadAgainException("WaveEvent not serialized after the DRS calls: " + e, e);
    }
    ProducerRecord<byte[], byte[]> output =
        new ProducerRecord<>(
            Topics.WAVE_EVENTS.name(), executionId.getBytes(StandardCharsets.UTF_8), value);
    return Handled.output(record, output, description);
  }

  private void registerEventSchema() {
    registry.register(EVENT_SUBJECT, WaveEvent.getClassSchema());
  }

  private record Pending(
      ConsumerRecord<byte[], byte[]> record, CompletableFuture<Handled> outcome) {}

  /** Nothing is wrong with the command, but it cannot be answered now: read it again later. */
  static final class ReadAgainException extends RuntimeException {
    ReadAgainException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A command whose identity is malformed: no event can answer it, so it is dead-lettered. */
  static final class InvalidCommandException extends RuntimeException {
    InvalidCommandException(String message) {
      super(message);
    }
  }

  /** Waits, unless {@link #close()} comes first. */
  private void pause(Duration wait) {
    try {
      closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    closing.countDown();
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

  private final class ReadyOnAssignment implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
          maybeLaunched.assigned(
              partition,
              consumer.position(partition),
              ends.getOrDefault(partition, Long.MAX_VALUE),
              committed.get(partition));
        }
      }
      ready = true;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      pauses.forget(partitions);
      partitions.forEach(maybeLaunched::revoked);
    }
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
    Map<String, Object> props = new java.util.HashMap<>();
    // A killed instance is noticed (and its partitions handed on) after this, not the 45 s default.
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    // A LaunchWave is on the critical path of every dependency hop: do not let a fetch sit for
    // Kafka's 500 ms default (measured in the hop benchmark: p99 964 ms with it, 665 ms at 50).
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    Properties merged = config.kafka().over(props);
    // Ours, whatever the settings say: how this loop reads and commits.
    merged.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // Static membership, under the instance's own stable name: a launcher killed and started again
    // takes back its partitions at once, instead of waiting for the group to notice the old member
    // gone (the session timeout) and rebalance; a fresh process's first launch is then as quick as
    // any. A zombie with the same id is fenced by the broker on its next request.
    merged.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.transactionalId());
    merged.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    merged.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    merged.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Each record may cost a few DRS calls: keep a poll's work well inside max.poll.interval.ms.
    // Also the bound on what a crashed owner may have launched unanswered (MaybeLaunched).
    merged.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
    merged.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    merged.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return merged;
  }

  private static Properties producerProperties(LauncherConfig config) {
    // A transaction here is open only while a poll's answers commit (well under a second). What a
    // killed launcher leaves open holds back every read_committed reader of drs.wave-events (the
    // scheduler, the watcher) until the broker aborts it, unless the same instance comes back:
    // after 10 s, not Kafka's default 60 s. Measured with two instances and one launcher killed:
    // hops of up to 78 s with the default.
    Properties props =
        config.kafka().over(Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000"));
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return props;
  }
}
