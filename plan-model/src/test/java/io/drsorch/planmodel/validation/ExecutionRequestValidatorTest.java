package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.schemas.limits.PlanLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request produced by hand is refused for what a plan would be, at the request's own paths, and
 * counted before it is read when it is too large. The scheduler's admission tests go through every
 * rule; what plan-service freezes passes (see ExecutionSnapshotsTest).
 */
class ExecutionRequestValidatorTest {

  private static final String ROLE = "arn:aws:iam::111122223333:role/DrsOrchestrator";

  private static ExecutionWave wave(String id, int server, String... dependsOn) {
    return ExecutionWave.newBuilder()
        .setWaveId(id)
        .setName(id)
        .setRegion("us-east-1")
        .setSourceServerIds(List.of(String.format("s-%017d", server)))
        .setDependsOn(List.of(dependsOn))
        .build();
  }

  private static ExecutionRequested request(String executionId, List<ExecutionWave> waves) {
    return ExecutionRequested.newBuilder()
        .setId("record-1")
        .setExecutionId(executionId)
        .setOccurredAt(Instant.EPOCH)
        .setPlanId("plan-1")
        .setPlanVersion(1)
        .setPlanName("Plan")
        .setMode(ExecutionMode.DRILL)
        .setWaves(waves)
        .build();
  }

  @Test
  void givenARequestWithBadIdsAndARoleWithoutItsAccount_whenValidated_thenEachAtItsPath() {
    // given
    ExecutionWave app = wave("app", 2, "db");
    app.setRoleArn(ROLE);
    ExecutionRequested request = request("execution 1", List.of(wave("db tier", 1, "app"), app));

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(request);

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("executionId", Formats.malformedId("execution", "execution 1")),
            new ValidationError("waves[0].waveId", Formats.malformedId("wave", "db tier")),
            new ValidationError("waves[1].dependsOn[0]", "unknown wave 'db'"),
            new ValidationError(
                "waves[1].accountId",
                "accountId must be given with roleArn (the role's account, 111122223333)"));
  }

  private static String server(int n) {
    return String.format("s-%017d", n);
  }

  private static String job(int n) {
    return String.format("drsjob-%017d", n);
  }

  private static ServerLaunch launched(int server) {
    return ServerLaunch.newBuilder()
        .setSourceServerId(server(server))
        .setLaunchStatus(LaunchStatus.LAUNCHED)
        .setRecoveryInstanceId("i-0123456789abcdef" + server)
        .setJobId(job(1))
        .build();
  }

  private static CarriedOver.Builder carried(String from, ServerLaunch... servers) {
    return CarriedOver.newBuilder()
        .setFromExecutionId(from)
        .setDone(false)
        .setJobIds(List.of(job(1)))
        .setServers(List.of(servers));
  }

  /** A retry of e-old: db carried over with its server 1, app (server 2) as in a first run. */
  private static ExecutionRequested retry(CarriedOver db) {
    ExecutionWave first = wave("db", 1);
    first.setCarriedOver(db);
    ExecutionRequested request = request("e-new", List.of(first, wave("app", 2, "db")));
    request.setRetryOf("e-old");
    return request;
  }

  @Test
  void givenAGatedWaveWithOptionalServers_whenValidated_thenTheyAreCheckedAsInAPlan() {
    // given
    ExecutionWave db = wave("db", 1);
    db.setApprovalTimeoutMinutes(0);
    db.setOptionalServerIds(List.of(server(1), server(2)));
    ExecutionWave app = wave("app", 2);
    app.setApprovalRequired(true);
    app.setApprovalTimeoutMinutes(60);
    app.setOptionalServerIds(List.of(server(2)));

    // when
    List<ValidationError> errors =
        ExecutionRequestValidator.validate(request("e-1", List.of(db, app)));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].approvalTimeoutMinutes",
                "approvalTimeoutMinutes must be between 1 and 1440, got 0"),
            new ValidationError(
                "waves[0].approvalTimeoutMinutes",
                "approvalTimeoutMinutes applies only to a wave that waits for approval: set"
                    + " approvalRequired: true on wave 'db' or remove it"),
            new ValidationError(
                "waves[0].optionalServerIds[1]",
                "optional server '" + server(2) + "' is not one of the servers of wave 'db'"));
  }

  @Test
  void givenAWellFormedRetry_whenValidated_thenNoErrors() {
    // given
    ExecutionRequested request = retry(carried("e-old", launched(1)).build());

    // then
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenAMalformedRetryOf_whenValidated_thenErrorAtIt() {
    // given
    ExecutionRequested request = retry(carried("e old", launched(1)).build());
    request.setRetryOf("e old");
    ExecutionRequested itself = request("e-1", List.of(wave("db", 1)));
    itself.setRetryOf("e-1");

    // then
    assertThat(ExecutionRequestValidator.validate(request))
        .containsExactly(
            new ValidationError("retryOf", Formats.malformedId("execution", "e old")),
            new ValidationError(
                "waves[0].carriedOver.fromExecutionId", Formats.malformedId("execution", "e old")));
    assertThat(ExecutionRequestValidator.validate(itself))
        .containsExactly(new ValidationError("retryOf", "execution e-1 cannot retry itself"));
  }

  @Test
  void givenAWaveCarriedOverFromAnotherExecutionThanTheRetried_whenValidated_thenRefused() {
    // given
    ExecutionRequested other = retry(carried("e-other", launched(1)).build());
    ExecutionRequested notARetry = retry(carried("e-old", launched(1)).build());
    notARetry.setRetryOf(null);

    // then
    assertThat(ExecutionRequestValidator.validate(other))
        .containsExactly(
            new ValidationError(
                "waves[0].carriedOver.fromExecutionId",
                "carried over from execution e-other, not from the execution retried (e-old)"));
    assertThat(ExecutionRequestValidator.validate(notARetry))
        .containsExactly(
            new ValidationError(
                "waves[0].carriedOver.fromExecutionId",
                "carried over from execution e-old, but the request retries none: set retryOf to"
                    + " e-old"));
  }

  @Test
  void givenCarriedServersNotOfTheWaveOrTwiceAndBadJobs_whenValidated_thenEachAtItsPath() {
    // given: server 2 is app's, not db's
    ServerLaunch badJob = launched(1);
    badJob.setJobId("job-1");
    CarriedOver db =
        carried("e-old", badJob, launched(2), launched(1))
            .setJobIds(List.of(job(1), "drsjob-1", job(1)))
            .build();

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(retry(db));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].carriedOver.jobIds[1]",
                "malformed DRS job id 'drsjob-1': expected drsjob- and 17 letters or digits"),
            new ValidationError(
                "waves[0].carriedOver.jobIds[2]", "DRS job " + job(1) + " is listed twice"),
            new ValidationError(
                "waves[0].carriedOver.servers[0].jobId",
                "malformed DRS job id 'job-1': expected drsjob- and 17 letters or digits"),
            new ValidationError(
                "waves[0].carriedOver.servers[1].sourceServerId",
                "server '" + server(2) + "' carried over is not one of the servers of wave 'db'"),
            new ValidationError(
                "waves[0].carriedOver.servers[2].sourceServerId",
                "server " + server(1) + " is carried over twice"));
  }

  @Test
  void givenAnOverrideOnAWaveNotDoneOrOverlong_whenValidated_thenRefused() {
    // given
    CarriedOver notDone = carried("e-old").setOverrideBy("alice").build();
    CarriedOver overlong =
        carried("e-old")
            .setDone(true)
            .setOverrideBy("a".repeat(PlanLimits.MAX_REQUESTED_BY_LENGTH + 1))
            .setOverrideReason("r".repeat(OperatorTexts.MAX_LENGTH + 1))
            .build();

    // then
    assertThat(ExecutionRequestValidator.validate(retry(notDone)))
        .containsExactly(
            new ValidationError(
                "waves[0].carriedOver.overrideBy",
                "overrideBy names who marked a failed wave done: it needs done: true"));
    assertThat(ExecutionRequestValidator.validate(retry(overlong)))
        .extracting(ValidationError::path)
        .containsExactly("waves[0].carriedOver.overrideBy", "waves[0].carriedOver.overrideReason");
  }

  @Test
  void givenMoreCarriedServersThanAPlanMayHave_whenValidated_thenOneErrorAndNothingPerServer() {
    // given
    List<ServerLaunch> servers = new ArrayList<>();
    for (int i = 0; i <= PlanLimits.MAX_SERVERS; i++) {
      servers.add(launched(1000 + i));
    }
    CarriedOver db = carried("e-old").setServers(servers).build();

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(retry(db));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves",
                "a request may list at most "
                    + PlanLimits.MAX_SERVERS
                    + " servers carried over, got "
                    + (PlanLimits.MAX_SERVERS + 1)));
  }

  @Test
  void givenMoreWavesThanAPlanMayHave_whenValidated_thenOneErrorAndNothingPerWave() {
    // given: every wave also depends on one that does not exist
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i <= PlanLimits.MAX_WAVES; i++) {
      waves.add(wave("w" + i, i, "ghost"));
    }

    // when
    List<ValidationError> errors = ExecutionRequestValidator.validate(request("e-1", waves));

    // then
    assertThat(errors).containsExactly(PlanValidator.tooManyWaves(PlanLimits.MAX_WAVES + 1));
  }
}
