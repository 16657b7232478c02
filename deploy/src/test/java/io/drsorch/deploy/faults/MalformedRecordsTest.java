package io.drsorch.deploy.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.deploy.support.RawTopics;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records no service can read, written straight onto every input topic: each must end on {@code
 * drs.dead-letters} with its reason, no service may die or stall on it, and the stack must go on
 * running executions. Also a request that skips the plan-service's validation.
 */
class MalformedRecordsTest {

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Duration LIMIT = Duration.ofSeconds(90);

  /** Input topic to the services that consume it (each dead-letters what it cannot read). */
  private static final Map<String, Set<String>> CONSUMERS =
      Map.of(
          Topics.EXECUTION_REQUESTS.name(), Set.of("wave-scheduler"),
          Topics.EXECUTION_COMMANDS.name(), Set.of("wave-scheduler"),
          Topics.WAVE_COMMANDS.name(), Set.of("drs-launcher"),
          Topics.WAVE_EVENTS.name(), Set.of("wave-scheduler", "job-watcher"),
          // The compacted topics plan-service keeps its views of.
          Topics.RECOVERY_PLANS.name(), Set.of("plan-service"),
          Topics.PROTECTION_GROUPS.name(), Set.of("plan-service"),
          Topics.EXECUTIONS.name(), Set.of("plan-service"));

  private static Drills drills;
  private static RawTopics topics;
  private static SchemaRegistryClient registry;

  @BeforeAll
  static void connect() {
    drills = new Drills(STACK);
    topics = new RawTopics(STACK);
    registry = new SchemaRegistryClient(STACK.registryUrl());
  }

  @AfterAll
  static void disconnect() {
    topics.close();
  }

  @Test
  void givenGarbageAndWrongTypeRecordsOnEveryInputTopic_thenEachIsDeadLetteredAndTheStackRunsOn()
      throws Exception {
    // given: per input topic, raw garbage and a valid Avro record of another topic's type
    byte[] wrongForRequests = wrongTypeCommand();
    byte[] wrongForTheOthers = wrongTypeRequest();
    List<String[]> sent = new ArrayList<>(); // {topic, key}
    for (String topic : CONSUMERS.keySet()) {
      String garbageKey = "garbage-" + UUID.randomUUID();
      topics.send(topic, garbageKey, "{not avro at all}".getBytes(StandardCharsets.UTF_8));
      sent.add(new String[] {topic, garbageKey});
      String wrongKey = "wrong-type-" + UUID.randomUUID();
      boolean requests = topic.equals(Topics.EXECUTION_REQUESTS.name());
      topics.send(topic, wrongKey, requests ? wrongForRequests : wrongForTheOthers);
      sent.add(new String[] {topic, wrongKey});
    }

    // when
    List<Predicate<ConsumerRecord<byte[], byte[]>>> wanted = new ArrayList<>();
    for (String[] record : sent) {
      for (String service : CONSUMERS.get(record[0])) {
        wanted.add(r -> isLetterOf(r, record[0], record[1], service));
      }
    }
    List<ConsumerRecord<byte[], byte[]>> letters =
        topics.readUntil(Topics.DEAD_LETTERS, Duration.ofSeconds(60), wanted);

    // then: every record dead-lettered by every service that reads its topic, with a reason
    for (String[] record : sent) {
      List<ConsumerRecord<byte[], byte[]>> ofRecord =
          letters.stream().filter(r -> record[1].equals(RawTopics.key(r))).toList();
      Set<String> services =
          ofRecord.stream()
              .map(r -> RawTopics.header(r, "dlq.service"))
              .collect(Collectors.toSet());
      assertThat(services)
          .as("services that dead-lettered %s on %s", record[1], record[0])
          .containsAll(CONSUMERS.get(record[0]));
      for (ConsumerRecord<byte[], byte[]> letter : ofRecord) {
        System.out.printf("[faults] dead letter %s%n", RawTopics.dlqHeaders(letter));
        assertThat(RawTopics.header(letter, "dlq.reason")).isNotBlank();
        assertThat(RawTopics.header(letter, "dlq.topic")).isEqualTo(record[0]);
      }
    }
    // No service died or stalled on them ...
    assertThat(STACK.status())
        .as("stack status")
        .hasSize(LocalStack.COMPONENTS.size())
        .allSatisfy((c, s) -> assertThat(s).isEqualTo("up"));
    // ... and the next execution runs through every service.
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    JsonNode view = drills.runToEnd(drills.plan(servers, Map.of("app", List.of("db"))), LIMIT);
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
  }

  @Test
  void givenARequestWithACycleProducedStraightToTheTopic_thenItIsRejectedNamingTheCycle()
      throws Exception {
    // given: a request no plan-service would have let through
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    String planId = "raw-" + UUID.randomUUID().toString().substring(0, 8);
    String executionId = UUID.randomUUID().toString();
    ExecutionRequested request =
        ExecutionRequested.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(executionId)
            .setOccurredAt(Instant.now())
            .setPlanId(planId)
            .setPlanVersion(1)
            .setPlanName(planId)
            .setMode(ExecutionMode.DRILL)
            .setRequestedBy("faults-test")
            .setWaves(
                List.of(
                    executionWave("db", servers.get("db"), List.of("app")),
                    executionWave("app", servers.get("app"), List.of("db"))))
            .build();

    // when
    topics.send(
        Topics.EXECUTION_REQUESTS.name(),
        planId,
        AvroSerde.forValues(registry, ExecutionRequested.class)
            .serialize(Topics.EXECUTION_REQUESTS.name(), request));

    // then
    JsonNode view = drills.awaitEnd(executionId, LIMIT);
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("REJECTED");
    assertThat(view.path("reason").asText())
        .contains("cycle")
        .containsAnyOf("db -> app -> db", "app -> db -> app");
    assertThat(view.path("waves")).as("waves of the rejected view").hasSize(2);
    for (JsonNode wave : view.path("waves")) {
      assertThat(wave.path("jobIds")).isEmpty();
    }
  }

  private static boolean isLetterOf(
      ConsumerRecord<byte[], byte[]> letter, String topic, String key, String service) {
    return key.equals(RawTopics.key(letter))
        && topic.equals(RawTopics.header(letter, "dlq.topic"))
        && service.equals(RawTopics.header(letter, "dlq.service"));
  }

  private static ExecutionWave executionWave(String id, List<String> servers, List<String> deps) {
    return ExecutionWave.newBuilder()
        .setWaveId(id)
        .setName(id)
        .setRegion(Drills.REGION)
        .setSourceServerIds(servers)
        .setDependsOn(deps)
        .build();
  }

  /** A well-formed CancelExecution command, its schema registered for the commands topic. */
  private static byte[] wrongTypeCommand() {
    String executionId = UUID.randomUUID().toString();
    ExecutionCommand command =
        ExecutionCommand.newBuilder()
            .setCommand(
                CancelExecution.newBuilder()
                    .setId(UUID.randomUUID().toString())
                    .setExecutionId(executionId)
                    .setOccurredAt(Instant.now())
                    .setRequestedBy("faults-test")
                    .build())
            .build();
    return AvroSerde.forValues(registry, ExecutionCommand.class)
        .serialize(Topics.EXECUTION_COMMANDS.name(), command);
  }

  /** A well-formed ExecutionRequested, its schema registered for the requests topic. */
  private static byte[] wrongTypeRequest() {
    Map<String, List<String>> servers = new LinkedHashMap<>();
    servers.put("db", List.of("s-0000000000000000a"));
    ExecutionRequested request =
        ExecutionRequested.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(UUID.randomUUID().toString())
            .setOccurredAt(Instant.now())
            .setPlanId("wrong-type")
            .setPlanVersion(1)
            .setPlanName("wrong-type")
            .setMode(ExecutionMode.DRILL)
            .setWaves(List.of(executionWave("db", servers.get("db"), List.of())))
            .build();
    return AvroSerde.forValues(registry, ExecutionRequested.class)
        .serialize(Topics.EXECUTION_REQUESTS.name(), request);
  }
}
