package io.drsorch.scheduler.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.scheduler.Inputs;
import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The scheduler as it runs in production: the Quarkus Kafka Streams application, with the topology
 * and properties of {@code SchedulerRuntime}, and its health on /q/health.
 */
@QuarkusTest
@QuarkusTestResource(value = SchedulerKafkaResource.class, restrictToAnnotatedClass = true)
class SchedulerAppTest {

  @Inject StreamsConfig streams;

  @Test
  void givenTheApplicationStarted_thenStreamsRunsExactlyOnceWithTheSchedulersProperties() {
    assertThat(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
        .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
    assertThat(streams.originals().get(SizeGuard.CONFIG)).isInstanceOf(SizeGuard.class);
    assertThat(streams.originals().get(Quarantine.CONFIG)).isInstanceOf(Quarantine.class);
    assertThat(streams.originals().get("consumer.fetch.max.wait.ms")).isEqualTo("50");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void givenAnExecutionRequested_whenTheApplicationRuns_thenItsRootWaveIsLaunched()
      throws Exception {
    // given
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    SchemaRegistryClient registry =
        SchemaRegistryClient.shared(
            ConfigProvider.getConfig().getValue("schema.registry.url", String.class));
    Topic<ExecutionRequested> requests = Topic.bind(Topics.EXECUTION_REQUESTS, registry);
    Topic<WaveCommand> commands = Topic.bind(Topics.WAVE_COMMANDS, registry);
    String executionId = UUID.randomUUID().toString();
    String bootstrap = SchedulerKafkaResource.kafka.bootstrapServers();

    // when
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  requests.name(),
                  // keyed by plan, as plan-service writes requests
                  "plan".getBytes(StandardCharsets.UTF_8),
                  requests
                      .value()
                      .serializer()
                      .serialize(
                          requests.name(),
                          Inputs.request(
                              executionId, "plan", Inputs.wave("db"), Inputs.wave("app", "db")))))
          .get();
    }

    // then
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(commands.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<LaunchWave> launches = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  WaveCommand command =
                      commands.value().deserializer().deserialize(r.topic(), r.value());
                  if (command.getCommand() instanceof LaunchWave launch
                      && launch.getExecutionId().equals(executionId)) {
                    launches.add(launch);
                  }
                }
                return !launches.isEmpty();
              });
      assertThat(launches).extracting(LaunchWave::getWaveId).containsExactly("db");
    }
  }
}
