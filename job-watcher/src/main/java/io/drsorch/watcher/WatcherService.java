package io.drsorch.watcher;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.WaveEvent;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.watcher.drs.DrsClients;
import io.drsorch.watcher.poll.JobPoller;
import io.drsorch.watcher.poll.LaunchErrors;
import io.drsorch.watcher.poll.RegionBackoff;
import io.drsorch.watcher.poll.WatchDecisions;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.WatchState;
import io.drsorch.watcher.state.WatchedAttempt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * The job-watcher: one thread reads drs.wave-events into {@link WatchedPartitions} (its state is
 * the topic: each assigned partition is replayed from the beginning), another polls DRS every
 * {@code watcher.poll.interval} and writes what changed back to drs.wave-events.
 *
 * <p>What it writes is applied to its state only once Kafka acknowledged it; a write that failed is
 * simply decided again on the next cycle, with the same deterministic id.
 */
public final class WatcherService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WatcherService.class);
  private static final String TOPIC = Topics.WAVE_EVENTS.name();

  private final WatcherConfig config;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, WaveEvent> producer;
  private final AvroSerde<WaveEvent> events;
  private final DrsClients clients;
  private final JobPoller poller;
  private final RegionBackoff backoff;
  private final Clock clock;
  private final WatchedPartitions partitions = new WatchedPartitions();
  private final Thread consumerThread;
  private final ScheduledExecutorService pollerThread;
  private volatile boolean running = true;
  private volatile boolean polledOnce;

  public WatcherService(WatcherConfig config, DrsClients clients, Clock clock) {
    this.config = config;
    SchemaRegistryClient registry = SchemaRegistryClient.shared(config.registryUrl());
    this.events = AvroSerde.forValues(registry, WaveEvent.class);
    this.consumer = new KafkaConsumer<>(consumerProperties(config));
    this.producer = new KafkaProducer<>(producerProperties(config), new StringSerializer(), events);
    this.clients = clients;
    this.poller = new JobPoller(config.batchSize());
    this.backoff = new RegionBackoff(config.pollInterval(), config.maxBackoff());
    this.clock = clock;
    this.consumerThread = new Thread(this::consume, "job-watcher-consumer");
    this.pollerThread =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "job-watcher-poller"));
  }

  public WatcherService start() {
    consumerThread.start();
    long interval = config.pollInterval().toMillis();
    pollerThread.scheduleWithFixedDelay(this::cycle, interval, interval, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Ready once every assigned partition has been replayed: what /health/ready reports. */
  public boolean isReady() {
    return polledOnce && partitions.caughtUp() && consumerThread.isAlive();
  }

  /** DescribeJobs calls made so far, for operators and tests. */
  public long describeJobsCalls() {
    return poller.calls();
  }

  /** Returns once the consumer has stopped, whether by {@link #close()} or by a fatal error. */
  public void awaitStopped() throws InterruptedException {
    consumerThread.join();
  }

  // ---- reading the topic ----

  private void consume() {
    try {
      consumer.subscribe(List.of(TOPIC), new ReplayOnAssignment());
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply(record);
        }
        for (int partition : partitions.replaying()) {
          partitions.position(partition, consumer.position(new TopicPartition(TOPIC, partition)));
        }
        polledOnce = true;
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("job-watcher consumer stopped: {}", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    WaveEvent event;
    try {
      event = events.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      // Not ours to park: the scheduler reads the same topic. Skip it, say so.
      LOG.warn(
          "skipping unreadable record at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
      return;
    }
    if (event != null) {
      partitions.evolve(record.partition(), event);
    }
  }

  private final class ReplayOnAssignment implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      if (assigned.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      for (TopicPartition tp : assigned) {
        partitions.assigned(tp.partition(), ends.getOrDefault(tp, 0L));
      }
      consumer.seekToBeginning(assigned);
      LOG.info("replaying {} up to {}", assigned, ends);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      partitions.revoked(revoked.stream().map(TopicPartition::partition).toList());
    }
  }

  // ---- polling DRS ----

  private void cycle() {
    try {
      Instant now = clock.instant();
      Map<Integer, WatchState.Snapshot> snapshots = partitions.liveSnapshots();
      for (Map.Entry<String, Set<String>> region : jobsToPoll(snapshots).entrySet()) {
        if (running && backoff.mayPoll(region.getKey(), now)) {
          pollRegion(region.getKey(), region.getValue(), snapshots, now);
        }
      }
    } catch (RuntimeException e) {
      // Never let one bad cycle end the schedule.
      LOG.error("poll cycle failed: {}", e.toString(), e);
    }
  }

  /** Job ids by region, leaving out jobs already seen COMPLETED: they do not change any more. */
  private static Map<String, Set<String>> jobsToPoll(Map<Integer, WatchState.Snapshot> snapshots) {
    Map<String, Set<String>> byRegion = new TreeMap<>();
    for (WatchState.Snapshot snapshot : snapshots.values()) {
      for (WatchedAttempt attempt : snapshot.attempts().values()) {
        Set<String> jobs = byRegion.computeIfAbsent(attempt.region(), r -> new TreeSet<>());
        for (String jobId : attempt.jobIds()) {
          JobObservation seen = snapshot.jobs().get(jobId);
          if (seen == null || seen.status() != JobStatus.COMPLETED) {
            jobs.add(jobId);
          }
        }
      }
    }
    return byRegion;
  }

  private void pollRegion(
      String region, Set<String> jobIds, Map<Integer, WatchState.Snapshot> snapshots, Instant now) {
    DrsClient drs = clients.forRegion(region);
    try {
      Map<String, JobObservation> observed =
          jobIds.isEmpty() ? Map.of() : poller.observe(drs, List.copyOf(jobIds));
      for (WatchState.Snapshot snapshot : snapshots.values()) {
        emit(
            WatchDecisions.decide(
                snapshot, region, observed, now, jobId -> LaunchErrors.of(drs, jobId)));
      }
      backoff.succeeded(region);
    } catch (AwsServiceException e) {
      Duration wait = backoff.failed(region, DrsClients.retryAfterSeconds(e), now);
      LOG.warn(
          "DRS in {} answered {}: polling it again in {}",
          region,
          e.awsErrorDetails() == null ? e.statusCode() : e.awsErrorDetails().errorCode(),
          wait);
    } catch (SdkException e) {
      Duration wait = backoff.failed(region, null, now);
      LOG.warn("DRS in {} unreachable ({}): polling it again in {}", region, e.getMessage(), wait);
    }
  }

  private void emit(List<WaveEvent> decided) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (WaveEvent event : decided) {
      String executionId = ((GenericRecord) event.getEvent()).get("executionId").toString();
      sent.add(producer.send(new ProducerRecord<>(TOPIC, executionId, event)));
    }
    for (int i = 0; i < sent.size(); i++) {
      try {
        RecordMetadata written = sent.get(i).get(30, TimeUnit.SECONDS);
        partitions.evolve(written.partition(), decided.get(i));
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        LOG.warn("could not write {}: will decide it again next cycle", decided.get(i), e);
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    pollerThread.shutdown();
    consumer.wakeup();
    try {
      pollerThread.awaitTermination(30, TimeUnit.SECONDS);
      consumerThread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
  }

  private static Properties consumerProperties(WatcherConfig config) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    // The state is rebuilt from the beginning on every assignment: committed offsets are unused.
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The launcher writes in transactions: never act on an aborted WaveLaunched.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  private static Properties producerProperties(WatcherConfig config) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return props;
  }
}
