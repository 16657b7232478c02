package io.drsorch.plans.executions;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.plans.TestKafka;
import io.drsorch.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Views the scheduler would write to {@code drs.executions}, written there by the tests, and the
 * commands the service publishes, read back.
 */
final class TestViews {

  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  /** The default of plans.local-operator: who every request is recorded as. */
  static final String LOCAL_OPERATOR = "local-operator";

  private TestViews() {}

  static String job(int n) {
    return String.format("drsjob-%017d", n);
  }

  static ServerLaunch server(String id, LaunchStatus status, String jobId) {
    return ServerLaunch.newBuilder()
        .setSourceServerId(id)
        .setLaunchStatus(status)
        .setRecoveryInstanceId(
            status == LaunchStatus.LAUNCHED ? "i-" + id.substring(2, 19).toLowerCase() : null)
        .setJobId(jobId)
        .build();
  }

  /** A wave of these servers, with their jobs. */
  static WaveView.Builder wave(String waveId, WaveStatus status, ServerLaunch... servers) {
    return WaveView.newBuilder()
        .setWaveId(waveId)
        .setName(waveId)
        .setRegion("us-east-1")
        .setStatus(status)
        .setDependsOn(List.of())
        .setServers(Arrays.asList(servers))
        .setJobIds(
            Arrays.stream(servers)
                .map(ServerLaunch::getJobId)
                .filter(Objects::nonNull)
                .distinct()
                .toList());
  }

  static ExecutionUpdated.Builder execution(
      String executionId, String planId, ExecutionStatus status, WaveView... waves) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    boolean ended = status != ExecutionStatus.RUNNING && status != ExecutionStatus.PAUSED;
    return ExecutionUpdated.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(started)
        .setCausationId(null)
        .setSequence(1)
        .setPlanId(planId)
        .setPlanVersion(2)
        .setPlanName("Three tier")
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("alice")
        .setStatus(status)
        .setStartedAt(started)
        .setEndedAt(ended ? started.plusSeconds(60) : null)
        .setWaves(List.of(waves));
  }

  /** Writes the view as the scheduler would, and waits until the service shows its status. */
  static ExecutionUpdated publish(ExecutionUpdated view) throws Exception {
    TestKafka.produce(Topics.EXECUTIONS, view.getExecutionId(), view);
    await()
        .atMost(READ_TIMEOUT)
        .untilAsserted(
            () ->
                given()
                    .get("/executions/{id}", view.getExecutionId())
                    .then()
                    .statusCode(200)
                    .body("status", equalTo(view.getStatus().name())));
    return view;
  }

  /** The command the service published with this id. */
  static ConsumerRecord<String, ExecutionCommand> command(String commandId) {
    return TestKafka.find(
            Topics.EXECUTION_COMMANDS,
            r ->
                commandId.equals(
                    String.valueOf(((GenericRecord) r.value().getCommand()).get("id"))),
            READ_TIMEOUT)
        .orElseThrow(() -> new AssertionError("no command " + commandId));
  }
}
