package io.drsorch.watcher.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.watcher.events.DrsEventsGate;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * The watcher as it runs in production: the Quarkus application, its settings from configuration,
 * its loops started by the application's lifecycle, health on /q/health and the EventBridge
 * endpoint as a REST resource.
 */
@QuarkusTest
@QuarkusTestResource(value = WatcherStackResource.class, restrictToAnnotatedClass = true)
class WatcherAppTest {

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
  void givenTheEventsEndpoint_thenItChecksTheSecretTheBodyAndTheJob() {
    String event =
        "{\"source\":\"aws.drs\",\"detail-type\":\"DRS Source Server Launch Result\","
            + "\"detail\":{\"state\":\"SUCCEEDED\",\"job-id\":\"drsjob-"
            + "z".repeat(17)
            + "\"}}";
    awaitReady();
    given().body(event).post(DrsEventsGate.PATH).then().statusCode(401);
    given()
        .header("x-api-key", "not-" + WatcherStackResource.KEY)
        .body(event)
        .post(DrsEventsGate.PATH)
        .then()
        .statusCode(401);
    given()
        .header("x-api-key", WatcherStackResource.KEY)
        .body(event)
        .post(DrsEventsGate.PATH)
        .then()
        .statusCode(202)
        .body("status", equalTo("ignored"));
    given()
        .header("x-api-key", WatcherStackResource.KEY)
        .body("{\"source\": \"aws.drs\", ")
        .post(DrsEventsGate.PATH)
        .then()
        .statusCode(400)
        .body("error", containsString("JSON"));
    given()
        .header("x-api-key", WatcherStackResource.KEY)
        .body("x".repeat(DrsEventsGate.MAX_BODY_BYTES + 1))
        .post(DrsEventsGate.PATH)
        .then()
        .statusCode(413);
  }

  @Test
  void givenAWaveLaunchedOnTheTopic_whenItsJobEnds_thenTheApplicationReportsItCompleted()
      throws Exception {
    // given: a job in DRS, and its WaveLaunched on drs.wave-events
    awaitReady();
    String registry = ConfigProvider.getConfig().getValue("schema.registry.url", String.class);
    String server = "s-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
    LauncherlessDrs drs = new LauncherlessDrs();
    WatcherStackResource.simulator.addSourceServers(REGION, List.of(server));
    String jobId = drs.start(server);
    String executionId = UUID.randomUUID().toString();
    WaveLaunched launched =
        WaveLaunched.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setWaveId("app")
            .setAttempt(1)
            .setRegion(REGION)
            .setRequestId(executionId + "/app/1")
            .setJobIds(List.of(jobId))
            .setSourceServerIds(List.of(server))
            .build();
    AvroSerde<WaveEvent> events =
        AvroSerde.forValues(SchemaRegistryClient.shared(registry), WaveEvent.class);
    String bootstrap = WatcherStackResource.kafka.bootstrapServers();

    // when
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.WAVE_EVENTS.name(),
                  executionId.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  events.serialize(
                      Topics.WAVE_EVENTS.name(),
                      WaveEvent.newBuilder().setEvent(launched).build())))
          .get();
    }

    // then
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
      WaveCompleted completed =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                      seen.add(events.deserialize(r.topic(), r.value()).getEvent());
                    }
                    return seen.stream()
                        .filter(WaveCompleted.class::isInstance)
                        .map(WaveCompleted.class::cast)
                        .filter(e -> e.getExecutionId().equals(executionId))
                        .findFirst()
                        .orElse(null);
                  },
                  e -> e != null);
      assertThat(completed.getJobIds()).containsExactly(jobId);
    } finally {
      drs.close();
    }
  }

  private static void awaitReady() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
  }

  /** Starts a job in the simulator as the launcher would have. */
  private static final class LauncherlessDrs implements AutoCloseable {
    private final DrsClients clients =
        new DrsClients(
            WatcherStackResource.simulator.endpoint(),
            WatcherStackResource.simulator.stsEndpoint(),
            "test");

    String start(String server) {
      DrsClient drs = clients.forRegion(REGION);
      return drs.startRecovery(
              r ->
                  r.isDrill(true)
                      .sourceServers(
                          StartRecoveryRequestSourceServer.builder()
                              .sourceServerID(server)
                              .build()))
          .job()
          .jobID();
    }

    @Override
    public void close() {
      clients.close();
    }
  }
}
