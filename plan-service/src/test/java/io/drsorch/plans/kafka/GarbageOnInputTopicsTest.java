package io.drsorch.plans.kafka;

import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.kafka.DeadLetterReader.header;
import static io.drsorch.plans.kafka.DeadLetterReader.lettersOf;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.TestKafka;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records the service cannot read, written straight onto the topics it reads: each goes to {@code
 * drs.dead-letters} with its reason, once, also when the topic is read again from the beginning as
 * it is at every start; the service goes on serving.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class GarbageOnInputTopicsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static RecordMetadata sendRaw(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", TestKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  /** A well-formed Avro record of another topic's type, its schema in the registry. */
  private static byte[] wrongType() {
    ExecutionCommand command =
        ExecutionCommand.newBuilder()
            .setCommand(
                CancelExecution.newBuilder()
                    .setId(UUID.randomUUID().toString())
                    .setExecutionId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now())
                    .setRequestedBy("garbage-test")
                    .build())
            .build();
    return TestKafka.topic(Topics.EXECUTION_COMMANDS)
        .value()
        .serializer()
        .serialize(Topics.EXECUTION_COMMANDS.name(), command);
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitLetters(String topic, String key) {
    return await()
        .atMost(WAIT)
        .until(() -> lettersOf(TestKafka.bootstrapServers(), topic, key), l -> !l.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"drs.recovery-plans", "drs.protection-groups", "drs.executions"})
  void givenGarbageAndAWrongTypeOnATopicTheServiceReads_thenEachDeadLetteredOnce(String topic)
      throws Exception {
    // given
    String garbageKey = uniqueId("garbage");
    String wrongKey = uniqueId("wrong-type");

    // when
    RecordMetadata garbage =
        sendRaw(topic, garbageKey, "{not avro at all}".getBytes(StandardCharsets.UTF_8));
    sendRaw(topic, wrongKey, wrongType());

    // then
    for (String key : List.of(garbageKey, wrongKey)) {
      List<ConsumerRecord<byte[], byte[]>> letters = awaitLetters(topic, key);
      assertThat(letters).hasSize(1);
      ConsumerRecord<byte[], byte[]> letter = letters.get(0);
      assertThat(header(letter, "dlq.reason")).isNotBlank();
      assertThat(header(letter, "dlq.exception")).isNotBlank();
      assertThat(header(letter, "dlq.service")).isEqualTo("plan-service");
    }
    ConsumerRecord<byte[], byte[]> letter = awaitLetters(topic, garbageKey).get(0);
    assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not avro at all}");
    assertThat(header(letter, "dlq.partition")).isEqualTo(Integer.toString(garbage.partition()));
    assertThat(header(letter, "dlq.offset")).isEqualTo(Long.toString(garbage.offset()));
    given().get("/q/health/ready").then().statusCode(200);
    given().get("/plans").then().statusCode(200);
  }

  @Test
  void givenGarbageDeadLettered_whenTheTopicIsReadAgainFromTheBeginning_thenNoSecondLetter()
      throws Exception {
    // given
    String topic = Topics.RECOVERY_PLANS.name();
    String key = uniqueId("garbage");
    RecordMetadata garbage = sendRaw(topic, key, new byte[] {0, 0, 0, 0, 42, 1, 2, 3});
    awaitLetters(topic, key);

    // when: what the service does at its next start, with its own dead-letter id
    String id = ConfigProvider.getConfig().getValue("plans.dead-letters.id", String.class);
    try (DeadLetterSink sink =
            new DeadLetterSink(TestKafka.bootstrapServers(), KafkaConnections.SERVICE, id).start();
        TopicView<RecoveryPlan> restarted =
            TopicView.latestWins(
                    TestKafka.bootstrapServers(),
                    topic,
                    TestKafka.topic(Topics.RECOVERY_PLANS).value().deserializer(),
                    (record, reason) -> {
                      sink.send(record, reason);
                      return UnreadableRecords.Action.SKIP;
                    })
                .start()) {
      assertThat(restarted.awaitApplied(garbage.partition(), garbage.offset(), WAIT)).isTrue();
      assertThat(restarted.get(key)).isEmpty();
    }

    // then
    assertThat(lettersOf(TestKafka.bootstrapServers(), topic, key)).hasSize(1);
  }
}
