package io.drsorch.scheduler;

import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.event;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler on a real broker with exactly_once_v2 and a real registry. */
class SchedulerIntegrationTest {

  private static EmbeddedKafka kafka;
  private static SchemaRegistryClient registry;
  private static KafkaProducer<byte[], byte[]> producer;

  @TempDir Path stateDir;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
    registry = SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopBroker() {
    producer.close(Duration.ofSeconds(5));
    kafka.close();
  }

  private SchedulerApp startScheduler(String applicationId, Path dir) {
    // A restarted instance takes over when the previous member's session ends: keep it short.
    SchedulerConfig config =
        SchedulerConfig.defaults(kafka.bootstrapServers(), registry.baseUrl(), dir.toString())
            .withApplicationId(applicationId)
            .withKafka(
                KafkaClientSettings.of(
                    Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "session.timeout.ms",
                        "6000")))
            .withStreamsOverrides(Map.of("consumer.heartbeat.interval.ms", "1000"));
    assertThat(
            config
                .streamsProperties(new SizeGuard(1000), new Quarantine())
                .get("processing.guarantee"))
        .isEqualTo("exactly_once_v2");
    SchedulerApp app = new SchedulerApp(config).start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(app::isRunning);
    return app;
  }

  private <V extends org.apache.avro.specific.SpecificRecord> void send(
      Topic<V> topic, String key, V value) {
    producer.send(
        new ProducerRecord<>(
            topic.name(),
            key.getBytes(StandardCharsets.UTF_8),
            topic.value().serializer().serialize(topic.name(), value)));
    producer.flush();
  }

  private void sendEvent(String executionId, Object inner) {
    send(Topic.bind(Topics.WAVE_EVENTS, registry), executionId, event(inner));
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void
      givenRequest_whenWaveEventsReportProgress_thenLaunchWaveGoesOutAndTheExecutionCompletesAcrossARestart() {
    // given
    String exec = unique("exec");
    String plan = unique("plan");
    ExecutionRequested req = request(exec, plan, wave("db"), wave("app", "db"));
    Topic<WaveCommand> commands = Topic.bind(Topics.WAVE_COMMANDS, registry);
    Topic<ExecutionUpdated> views = Topic.bind(Topics.EXECUTIONS, registry);
    try (TopicReader<WaveCommand> launches =
            new TopicReader<>(
                kafka.bootstrapServers(), commands.name(), commands.value().deserializer());
        TopicReader<ExecutionUpdated> executions =
            new TopicReader<>(
                kafka.bootstrapServers(), views.name(), views.value().deserializer())) {
      String applicationId = unique("scheduler");
      SchedulerApp first = startScheduler(applicationId, stateDir.resolve("a"));
      try {
        // when
        send(Topic.bind(Topics.EXECUTION_REQUESTS, registry), plan, req);

        // then
        LaunchWave db = launchOf(launches.await(r -> isLaunch(r, exec, "db")));
        assertThat(db.getRequestId()).isEqualTo(exec + "/db/1");
        sendEvent(exec, launched(exec, "db", 1, "drsjob-db"));
        executions.await(
            r -> r.key().equals(exec) && status(r.value(), "db") == WaveStatus.RUNNING);
      } finally {
        first.close();
      }

      // and after a restart on an empty state dir (restored from the changelog)
      try (SchedulerApp second = startScheduler(applicationId, stateDir.resolve("b"))) {
        sendEvent(exec, completed(exec, "db", 1, "drsjob-db"));
        launches.await(r -> isLaunch(r, exec, "app"));
        sendEvent(exec, launched(exec, "app", 1, "drsjob-app"));
        sendEvent(exec, completed(exec, "app", 1, "drsjob-app"));
        ExecutionUpdated done =
            executions
                .await(
                    r -> r.key().equals(exec) && r.value().getStatus() == ExecutionStatus.COMPLETED)
                .value();
        assertThat(done.getWaves())
            .allSatisfy(w -> assertThat(w.getStatus()).isEqualTo(WaveStatus.COMPLETED));
        assertThat(done.getWaves().get(0).getJobIds()).containsExactly("drsjob-db");
        assertThat(launches.seen()).filteredOn(r -> r.key().equals(exec)).hasSize(2);
      }
    }
  }

  @Test
  void givenGarbageOnWaveEvents_whenItArrives_thenItIsDeadLetteredAndTheNextRecordIsProcessed() {
    // given
    String exec = unique("exec");
    String plan = unique("plan");
    Topic<ExecutionUpdated> views = Topic.bind(Topics.EXECUTIONS, registry);
    try (TopicReader<byte[]> letters =
            new TopicReader<>(
                kafka.bootstrapServers(), Topics.DEAD_LETTERS, new ByteArrayDeserializer());
        TopicReader<ExecutionUpdated> executions =
            new TopicReader<>(
                kafka.bootstrapServers(), views.name(), views.value().deserializer());
        SchedulerApp app = startScheduler(unique("scheduler"), stateDir)) {
      send(Topic.bind(Topics.EXECUTION_REQUESTS, registry), plan, request(exec, plan, wave("db")));
      executions.await(r -> r.key().equals(exec));
      byte[] garbage = ("garbage for " + exec).getBytes(StandardCharsets.UTF_8);

      // when
      producer.send(
          new ProducerRecord<>(
              Topics.WAVE_EVENTS.name(), exec.getBytes(StandardCharsets.UTF_8), garbage));
      sendEvent(exec, launched(exec, "db", 1, "drsjob-db"));

      // then
      ConsumerRecord<String, byte[]> letter =
          letters.await(r -> exec.equals(r.key()) && java.util.Arrays.equals(r.value(), garbage));
      assertThat(
              new String(letter.headers().lastHeader("dlq.topic").value(), StandardCharsets.UTF_8))
          .isEqualTo(Topics.WAVE_EVENTS.name());
      executions.await(r -> r.key().equals(exec) && status(r.value(), "db") == WaveStatus.RUNNING);
      assertThat(app.isRunning()).isTrue();
    }
  }

  private static boolean isLaunch(ConsumerRecord<String, WaveCommand> r, String exec, String wave) {
    return r.key().equals(exec) && launchOf(r).getWaveId().equals(wave);
  }

  private static LaunchWave launchOf(ConsumerRecord<String, WaveCommand> r) {
    return (LaunchWave) r.value().getCommand();
  }

  private static WaveStatus status(ExecutionUpdated view, String waveId) {
    return view.getWaves().stream()
        .filter(w -> w.getWaveId().equals(waveId))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }
}
