package io.drsorch.scheduler;

import static io.drsorch.scheduler.Inputs.event;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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

/**
 * A write the broker refuses, on a real broker with exactly_once_v2: the refusal comes back only
 * after the record was processed, the transaction aborts and the stream thread dies. The record
 * must end in the dead-letter topic with the reason, and the scheduler must go on with the next
 * records instead of dying on the same one forever.
 */
class WriteRefusalIntegrationTest {

  /** drs.executions takes no record over this: an execution's first view fits, a large one not. */
  private static final int EXECUTIONS_MAX_MESSAGE_BYTES = 4096;

  private static EmbeddedKafka kafka;
  private static SchemaRegistryClient registry;
  private static KafkaProducer<byte[], byte[]> producer;

  @TempDir Path stateDir;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start();
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<String, String> configs = new HashMap<>(Topics.EXECUTIONS.configs());
      configs.put("max.message.bytes", Integer.toString(EXECUTIONS_MAX_MESSAGE_BYTES));
      admin
          .createTopics(
              List.of(new NewTopic(Topics.EXECUTIONS.name(), 3, (short) 1).configs(configs)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
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

  @Test
  void givenAViewTheBrokerRefuses_whenItsEventIsProcessed_thenDeadLetteredAndTheNextPlanRuns() {
    // given: a running execution, and a launch reported with 300 job ids, whose view (about 8 KB)
    // the executions topic refuses
    Topic<ExecutionUpdated> views = Topic.bind(Topics.EXECUTIONS, registry);
    Topic<WaveCommand> commands = Topic.bind(Topics.WAVE_COMMANDS, registry);
    WaveLaunched oversized = launched("exec-a", "db", 1, "drsjob-a");
    oversized.setJobIds(
        IntStream.range(0, 300).mapToObj(i -> LargestPlan.id("drsjob-", i, 24)).toList());
    try (TopicReader<byte[]> letters =
            new TopicReader<>(
                kafka.bootstrapServers(), Topics.DEAD_LETTERS, new ByteArrayDeserializer());
        TopicReader<ExecutionUpdated> executions =
            new TopicReader<>(
                kafka.bootstrapServers(), views.name(), views.value().deserializer());
        TopicReader<WaveCommand> launches =
            new TopicReader<>(
                kafka.bootstrapServers(), commands.name(), commands.value().deserializer());
        SchedulerApp app = startScheduler()) {
      send(Topics.EXECUTION_REQUESTS, "plan-a", request("exec-a", "plan-a", wave("db")));
      executions.await(r -> r.key().equals("exec-a"));

      // when
      long began = System.nanoTime();
      send(Topics.WAVE_EVENTS, "exec-a", event(oversized));
      send(Topics.EXECUTION_REQUESTS, "plan-b", request("exec-b", "plan-b", wave("web")));

      // then: the event is dead-lettered with the reason ...
      ConsumerRecord<String, byte[]> letter =
          letters.await(
              r ->
                  "exec-a".equals(r.key())
                      && Topics.WAVE_EVENTS.name().equals(header(r, "dlq.topic")));
      System.out.printf(
          "[refusal] dead-lettered %d ms after it was produced: %s%n",
          Duration.ofNanos(System.nanoTime() - began).toMillis(), header(letter, "dlq.reason"));
      assertThat(header(letter, "dlq.reason"))
          .startsWith("not applied: the ExecutionUpdated view would be ")
          .contains("bound of drs.executions (the broker refused a record of ");
      assertThat(header(letter, "dlq.service")).isEqualTo("wave-scheduler");
      // ... and the scheduler goes on: the next plan is admitted and launches
      LaunchWave next =
          (LaunchWave) launches.await(r -> r.key().equals("exec-b")).value().getCommand();
      assertThat(next.getWaveId()).isEqualTo("web");
      ExecutionUpdated b =
          executions
              .await(
                  r -> r.key().equals("exec-b") && r.value().getStatus() == ExecutionStatus.RUNNING)
              .value();
      assertThat(b.getWaves()).hasSize(1);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(app::isRunning);
    }
  }

  private SchedulerApp startScheduler() {
    // The replaced thread's member leaves the group only when its session ends (the broker's
    // shortest allowed), and the new thread waits for that: keep it short.
    SchedulerConfig config =
        SchedulerConfig.defaults(kafka.bootstrapServers(), registry.baseUrl(), stateDir.toString())
            .withApplicationId("refusal-" + System.nanoTime())
            .withKafka(
                KafkaClientSettings.of(
                    Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "session.timeout.ms",
                        "6000")))
            .withStreamsOverrides(Map.of("consumer.heartbeat.interval.ms", "1000"));
    SchedulerApp app = new SchedulerApp(config).start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(app::isRunning);
    return app;
  }

  private <V extends SpecificRecord> void send(TopicSpec<V> spec, String key, V value) {
    Topic<V> topic = Topic.bind(spec, registry);
    producer.send(
        new ProducerRecord<>(
            topic.name(),
            key.getBytes(StandardCharsets.UTF_8),
            topic.value().serializer().serialize(topic.name(), value)));
    producer.flush();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
