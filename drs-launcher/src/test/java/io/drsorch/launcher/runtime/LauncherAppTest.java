package io.drsorch.launcher.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The launcher as it runs in production: the Quarkus application, its settings from configuration,
 * its loop started by the application's lifecycle, its health on /q/health.
 */
@QuarkusTest
@QuarkusTestResource(value = LauncherStackResource.class, restrictToAnnotatedClass = true)
class LauncherAppTest {

  private static final String REGION = "us-east-1";

  @Test
  void givenTheApplicationStarted_thenLiveAndReadyOnQHealth() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP")));
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void givenTheApplicationStarted_thenItHasMadeItsDrsWarmUpCall() {
    // the one DescribeJobs made at start, so that the first launch does not pay for the client's
    // first use
    assertThat(LauncherStackResource.simulator.callCounts()).containsKey("DescribeJobs");
  }

  @Test
  void givenALaunchWaveOnTheTopic_whenTheApplicationRuns_thenItsJobIsStartedAndReported()
      throws Exception {
    // given
    String registry = ConfigProvider.getConfig().getValue("schema.registry.url", String.class);
    String server = "s-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    LauncherStackResource.simulator.addSourceServers(REGION, List.of(server));
    String executionId = UUID.randomUUID().toString();
    LaunchWave command =
        LaunchWave.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setWaveId("db")
            .setAttempt(1)
            .setRegion(REGION)
            .setSourceServerIds(List.of(server))
            .setDrill(true)
            .setRequestId(executionId + "/db/1")
            .build();
    AvroSerde<WaveCommand> commands =
        AvroSerde.forValues(SchemaRegistryClient.shared(registry), WaveCommand.class);
    String bootstrap = LauncherStackResource.kafka.bootstrapServers();

    // when
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.WAVE_COMMANDS.name(),
                  executionId.getBytes(StandardCharsets.UTF_8),
                  commands.serialize(
                      Topics.WAVE_COMMANDS.name(),
                      WaveCommand.newBuilder().setCommand(command).build())))
          .get();
    }

    // then
    AvroSerde<WaveEvent> events =
        AvroSerde.forValues(SchemaRegistryClient.shared(registry), WaveEvent.class);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.WAVE_EVENTS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<Object> seen = new ArrayList<>();
      WaveLaunched launched =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                      seen.add(events.deserialize(r.topic(), r.value()).getEvent());
                    }
                    return seen.stream()
                        .filter(WaveLaunched.class::isInstance)
                        .map(WaveLaunched.class::cast)
                        .filter(e -> e.getExecutionId().equals(executionId))
                        .findFirst()
                        .orElse(null);
                  },
                  e -> e != null);
      assertThat(launched.getJobIds()).hasSize(1);
      assertThat(launched.getRequestId()).isEqualTo(executionId + "/db/1");
    }
  }
}
