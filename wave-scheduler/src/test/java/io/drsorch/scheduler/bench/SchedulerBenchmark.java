package io.drsorch.scheduler.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.scheduler.SchedulerApp;
import io.drsorch.scheduler.SchedulerConfig;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wave-scheduler alone, on a real broker with exactly-once on: E executions of a three-wave
 * chain are requested at once, and a responder answers every LaunchWave at once with its
 * WaveLaunched and WaveCompleted, so that only the scheduler (and Kafka) sets the pace. Prints
 * executions, wave transitions (from drs.execution-history) and the time they took; asserts only
 * that every execution completed.
 *
 * <p>Not part of the default build: {@code mvn -B -o -pl wave-scheduler verify -Pbench}; {@code
 * -Dbench.scheduler.executions=1000} sets E, {@code -Dbench.scheduler.commit.ms} the commit
 * interval and {@code -Dbench.scheduler.threads} the stream threads, to see what limits it.
 */
class SchedulerBenchmark {

  private static final List<String> WAVES = List.of("w1", "w2", "w3");

  static {
    // Logging as in the service: Kafka at WARN. This JVM logs through JBoss LogManager, left by
    // Quarkus's test class path at ALL until a Quarkus application configures it, which none does
    // here; Kafka's trace messages were then formatted on every record and dropped, a tenth of the
    // time the benchmark measured.
    LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    LogContext.getLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
    LogContext.getLogContext().getLogger("kafka").setLevel(Level.WARNING);
  }

  @TempDir Path stateDir;

  @Test
  void givenManyChainsAnsweredAtOnce_whenScheduled_thenEveryExecutionCompletesAndTheRateIsPrinted()
      throws Exception {
    int count = Integer.getInteger("bench.scheduler.executions", 1000);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
      SchemaRegistryClient registry =
          SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());
      SchedulerConfig defaults =
          SchedulerConfig.defaults(
              kafka.bootstrapServers(), registry.baseUrl(), stateDir.toString());
      SchedulerConfig config =
          new SchedulerConfig(
              defaults.kafka(),
              defaults.registryUrl(),
              "scheduler-bench",
              defaults.stateDir(),
              Long.getLong("bench.scheduler.commit.ms", defaults.commitIntervalMs()),
              defaults.tick(),
              defaults.retryPolicy(),
              new JobQuota(100_000, 100, 10_000_000),
              defaults.maxRecordBytes(),
              Map.of(
                  "num.stream.threads",
                  Integer.toString(Integer.getInteger("bench.scheduler.threads", 1))));
      try (SchedulerApp scheduler = new SchedulerApp(config).start();
          Responder responder = new Responder(kafka.bootstrapServers(), registry)) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(scheduler::isRunning);
        responder.start();
        run(kafka.bootstrapServers(), registry, 20); // warm-up
        System.out.println(run(kafka.bootstrapServers(), registry, count));
      }
    }
  }

  private static String run(String bootstrap, SchemaRegistryClient registry, int count)
      throws Exception {
    Topic<ExecutionRequested> requests = Topic.bind(Topics.EXECUTION_REQUESTS, registry);
    Set<String> executions = new HashSet<>();
    Instant start = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (int i = 0; i < count; i++) {
        String execution = UUID.randomUUID().toString();
        String plan = "plan-" + execution.substring(0, 8);
        executions.add(execution);
        producer.send(
            new ProducerRecord<>(
                requests.name(),
                plan.getBytes(StandardCharsets.UTF_8),
                requests
                    .value()
                    .serializer()
                    .serialize(requests.name(), request(execution, plan))));
      }
    }
    Topic<ExecutionUpdated> views = Topic.bind(Topics.EXECUTIONS, registry);
    Set<String> completed = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, views.name())) {
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (completed.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          ExecutionUpdated view =
              views.value().deserializer().deserialize(views.name(), record.value());
          if (view != null
              && executions.contains(view.getExecutionId())
              && view.getStatus() == ExecutionStatus.COMPLETED) {
            completed.add(view.getExecutionId());
          }
        }
      }
    }
    Duration took = Duration.between(start, Instant.now());
    assertThat(completed).as("executions completed").hasSize(count);
    int transitions = waveTransitions(bootstrap, registry, executions);
    return String.format(
        "[bench] scheduler alone, exactly-once: %d executions x %d waves requested at once, all"
            + " completed in %.1f s; %d wave transitions = %.0f/s; %.0f executions/s",
        count,
        WAVES.size(),
        took.toMillis() / 1e3,
        transitions,
        transitions / (took.toMillis() / 1e3),
        count / (took.toMillis() / 1e3));
  }

  private static int waveTransitions(
      String bootstrap, SchemaRegistryClient registry, Set<String> executions) {
    Topic<ExecutionTransition> history = Topic.bind(Topics.EXECUTION_HISTORY, registry);
    int count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, history.name())) {
      int idle = 0;
      while (idle < 5) {
        var records = consumer.poll(Duration.ofMillis(300));
        idle = records.isEmpty() ? idle + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          ExecutionTransition t =
              history.value().deserializer().deserialize(history.name(), record.value());
          if (t.getWaveId() != null && executions.contains(t.getExecutionId())) {
            count++;
          }
        }
      }
    }
    return count;
  }

  private static ExecutionRequested request(String execution, String plan) {
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i < WAVES.size(); i++) {
      waves.add(
          ExecutionWave.newBuilder()
              .setWaveId(WAVES.get(i))
              .setName(WAVES.get(i))
              .setRegion("us-east-1")
              .setSourceServerIds(List.of(serverId()))
              .setDependsOn(i == 0 ? List.of() : List.of(WAVES.get(i - 1)))
              .build());
    }
    return ExecutionRequested.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(execution)
        .setOccurredAt(Instant.now())
        .setPlanId(plan)
        .setPlanVersion(1)
        .setPlanName(plan)
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("bench")
        .setWaves(waves)
        .build();
  }

  private static String serverId() {
    String hex = UUID.randomUUID().toString().replace("-", "");
    return "s-" + hex.substring(0, 17);
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** Answers every LaunchWave at once, as a launcher and a watcher over an instant DRS would. */
  private static final class Responder implements AutoCloseable {
    private final String bootstrap;
    private final Topic<WaveCommand> commands;
    private final Topic<WaveEvent> events;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger jobs = new AtomicInteger();
    private final Thread thread = new Thread(this::answer, "bench-responder");

    Responder(String bootstrap, SchemaRegistryClient registry) {
      this.bootstrap = bootstrap;
      this.commands = Topic.bind(Topics.WAVE_COMMANDS, registry);
      this.events = Topic.bind(Topics.WAVE_EVENTS, registry);
    }

    void start() {
      thread.start();
    }

    private void answer() {
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, commands.name());
          KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            WaveCommand command =
                commands.value().deserializer().deserialize(commands.name(), record.value());
            if (command.getCommand() instanceof LaunchWave launch) {
              String job = "drsjob-" + Integer.toString(jobs.incrementAndGet(), 36);
              send(producer, launch.getExecutionId(), launched(launch, job));
              send(producer, launch.getExecutionId(), completed(launch, job));
            }
          }
          producer.flush();
        }
      }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String key, Object event) {
      WaveEvent wrapped = WaveEvent.newBuilder().setEvent(event).build();
      producer.send(
          new ProducerRecord<>(
              events.name(),
              key.getBytes(StandardCharsets.UTF_8),
              events.value().serializer().serialize(events.name(), wrapped)));
    }

    private static WaveLaunched launched(LaunchWave launch, String job) {
      return WaveLaunched.newBuilder()
          .setId(UUID.randomUUID().toString())
          .setExecutionId(launch.getExecutionId())
          .setOccurredAt(Instant.now())
          .setCausationId(launch.getId())
          .setWaveId(launch.getWaveId())
          .setAttempt(launch.getAttempt())
          .setRegion(launch.getRegion())
          .setRequestId(launch.getRequestId())
          .setJobIds(List.of(job))
          .setSourceServerIds(launch.getSourceServerIds())
          .build();
    }

    private static WaveCompleted completed(LaunchWave launch, String job) {
      List<ServerLaunch> servers = new ArrayList<>();
      for (String server : launch.getSourceServerIds()) {
        servers.add(
            ServerLaunch.newBuilder()
                .setSourceServerId(server)
                .setLaunchStatus(LaunchStatus.LAUNCHED)
                .setRecoveryInstanceId("i-0" + job.substring(7))
                .setJobId(job)
                .build());
      }
      return WaveCompleted.newBuilder()
          .setId(UUID.randomUUID().toString())
          .setExecutionId(launch.getExecutionId())
          .setOccurredAt(Instant.now())
          .setCausationId(launch.getId())
          .setWaveId(launch.getWaveId())
          .setAttempt(launch.getAttempt())
          .setJobIds(List.of(job))
          .setServers(servers)
          .build();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }
}
