package io.drsorch.watcher.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.schemas.limits.PlanLimits;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCheckTest {

  private static final String JOB = "drsjob-0123456789abcdefg";
  private static final String SERVER = "s-0123456789abcdefg";

  @Test
  void givenTheLaunchersKindOfWaveLaunched_whenChecked_thenNoProblem() {
    // given
    WaveLaunched launched = launched(List.of(JOB), List.of(SERVER));
    launched.setAccountId("111122223333");
    launched.setRoleArn("arn:aws:iam::111122223333:role/DrsOrchestrator");
    // when / then
    assertThat(EventCheck.of(launched).isEmpty()).isTrue();
    assertThat(EventCheck.of(launched(List.of(JOB), List.of())).isEmpty())
        .as("servers were not listed by older launchers")
        .isTrue();
  }

  @Test
  void givenMoreJobsThanServers_whenChecked_thenRefused() {
    // given
    WaveLaunched launched = launched(List.of(JOB, "drsjob-0123456789abcdefh"), List.of(SERVER));
    // when / then
    assertThat(EventCheck.of(launched).summary())
        .isEqualTo("1 problem: jobIds: 2 jobs for 1 servers: each job has a server");
  }

  @Test
  void givenNoJobOrARepeatedOne_whenChecked_thenRefused() {
    // when / then
    assertThat(EventCheck.of(launched(List.of(), List.of(SERVER))).summary())
        .contains("jobIds: a launched wave has at least one job");
    assertThat(EventCheck.of(launched(List.of(JOB, JOB), List.of())).summary())
        .contains("jobIds[1]: " + JOB + " is listed twice");
  }

  @Test
  void givenAJobStatusChangedOfTooManyOrMalformedServers_whenChecked_thenRefused() {
    // given
    ServerLaunch bad =
        ServerLaunch.newBuilder()
            .setSourceServerId("not-a-server")
            .setLaunchStatus(LaunchStatus.LAUNCHED)
            .setRecoveryInstanceId("i-" + "0".repeat(100))
            .setJobId("drsjob-x")
            .build();
    JobStatusChanged changed =
        JobStatusChanged.newBuilder()
            .setId("changed-1")
            .setExecutionId("exec-1")
            .setOccurredAt(Instant.now())
            .setWaveId("app")
            .setAttempt(1)
            .setJobId(JOB)
            .setStatus(JobStatus.COMPLETED)
            .setServers(List.of(bad))
            .build();
    // when
    String summary = EventCheck.of(changed).summary();
    // then
    assertThat(summary)
        .startsWith("3 problems: ")
        .contains("servers[0].sourceServerId: not a source server id")
        .contains("servers[0].recoveryInstanceId: at most " + PlanLimits.MAX_ID_LENGTH)
        .contains("servers[0].jobId: not a DRS job id");
  }

  @Test
  void givenAWaveEndOfAnOverlongExecution_whenChecked_thenRefused() {
    // given
    WaveCompleted completed =
        WaveCompleted.newBuilder()
            .setId("completed-1")
            .setExecutionId("e".repeat(PlanLimits.MAX_ID_LENGTH + 1))
            .setOccurredAt(Instant.now())
            .setWaveId("app")
            .setAttempt(1)
            .setJobIds(List.of(JOB))
            .build();
    // when / then
    assertThat(EventCheck.of(completed).summary())
        .contains("executionId: at most " + PlanLimits.MAX_ID_LENGTH + " characters, got 65");
  }

  private static WaveLaunched launched(List<String> jobIds, List<String> servers) {
    return WaveLaunched.newBuilder()
        .setId("launched-1")
        .setExecutionId("exec-1")
        .setOccurredAt(Instant.now())
        .setWaveId("app")
        .setAttempt(1)
        .setRegion("us-east-1")
        .setRequestId("exec-1/app/1")
        .setJobIds(jobIds)
        .setSourceServerIds(servers)
        .build();
  }

  @Test
  void givenTheLaunchersKindOfTerminationStarted_whenChecked_thenNoProblem() {
    // given
    TerminationStarted started = terminationStarted(List.of(JOB), List.of("i-0abc1234def567890"));
    started.setAccountId("111122223333");
    started.setRoleArn("arn:aws:iam::111122223333:role/DrsOrchestrator");
    // when / then
    assertThat(EventCheck.of(started).isEmpty()).isTrue();
    assertThat(EventCheck.of(terminationStarted(List.of(), List.of())).isEmpty())
        .as("every instance already gone: no job")
        .isTrue();
  }

  @Test
  void givenTerminationStartedOfMalformedIdsOrMoreJobsThanInstances_whenChecked_thenRefused() {
    // given
    TerminationStarted malformed =
        terminationStarted(List.of("drsjob-x"), List.of("i-0abc1234", "../etc"));
    malformed.setAlreadyGone(List.of("i-0abc1234", "i-0abc1234"));
    TerminationStarted tooManyJobs =
        terminationStarted(List.of(JOB, "drsjob-0123456789abcdefh"), List.of("i-0abc1234"));
    // when / then
    assertThat(EventCheck.of(malformed).summary())
        .contains("jobIds[0]: not a DRS job id: 'drsjob-x'")
        .contains("recoveryInstanceIds[1]: not a recovery instance id: '../etc'")
        .contains("alreadyGone[1]: i-0abc1234 is listed twice");
    assertThat(EventCheck.of(tooManyJobs).summary())
        .isEqualTo("1 problem: jobIds: 2 jobs for 1 instances: each job has an instance");
  }

  @Test
  void givenTerminationEndedOfAnOverlongRequest_whenChecked_thenRefused() {
    // given
    TerminationEnded ended =
        TerminationEnded.newBuilder()
            .setId("ended-1")
            .setExecutionId("exec-1")
            .setOccurredAt(Instant.EPOCH)
            .setRequestId("x".repeat(EventCheck.MAX_TERMINATION_REQUEST_ID_LENGTH + 1))
            .setJobIds(List.of())
            .setTerminatedInstanceIds(List.of())
            .build();
    // when / then
    assertThat(EventCheck.of(ended).summary()).contains("requestId");
  }

  @Test
  void givenTheLaunchersKindOfWaveActionStarted_whenChecked_thenNoProblem() {
    // given an automation through a role, and an HTTP check
    WaveActionStarted automation =
        actionStarted(
            WaveAction.newBuilder()
                .setName("restart")
                .setType(ActionType.SSM_AUTOMATION)
                .setDocumentName("Restart")
                .build());
    automation.setAutomationExecutionId("4b1a3c52-0000-4000-8000-000000000001");
    automation.setAccountId("111122223333");
    automation.setRoleArn("arn:aws:iam::111122223333:role/DrsOrchestrator");
    WaveActionStarted check =
        actionStarted(
            WaveAction.newBuilder()
                .setName("health")
                .setType(ActionType.HTTP_CHECK)
                .setUrl("https://app.example.com/health")
                .build());
    // when / then
    assertThat(EventCheck.of(automation).toList()).isEmpty();
    assertThat(EventCheck.of(check).toList()).isEmpty();
  }

  @Test
  void givenAWaveActionStartedTheWatcherCouldNotFollow_whenChecked_thenEachProblemNamed() {
    // given a check of a file, every second of never, for a status that is none
    WaveActionStarted check =
        actionStarted(
            WaveAction.newBuilder()
                .setName("health")
                .setType(ActionType.HTTP_CHECK)
                .setUrl("file:///etc/passwd")
                .setExpectStatus(1000)
                .setIntervalSeconds(0)
                .build());
    check.setRegion("moon-1");
    // when / then
    assertThat(EventCheck.of(check).summary())
        .startsWith("4 problems: ")
        .contains("region: not an AWS region: 'moon-1'")
        .contains("action.url: not an absolute http or https URL: 'file:///etc/passwd'")
        .contains("action.expectStatus: not an HTTP status: 1000")
        .contains("action.intervalSeconds: must be between 1 and 3600, got 0");
  }

  private static WaveActionStarted actionStarted(WaveAction action) {
    return WaveActionStarted.newBuilder()
        .setId("started-1")
        .setExecutionId("exec-1")
        .setOccurredAt(Instant.EPOCH)
        .setRequestId("exec-1/app/1/AFTER/0")
        .setWaveId("app")
        .setPhase(ActionPhase.AFTER)
        .setIndex(0)
        .setAction(action)
        .setRegion("us-east-1")
        .setDeadline(Instant.EPOCH.plusSeconds(900))
        .build();
  }

  private static TerminationStarted terminationStarted(List<String> jobs, List<String> instances) {
    return TerminationStarted.newBuilder()
        .setId("started-1")
        .setExecutionId("exec-1")
        .setOccurredAt(Instant.EPOCH)
        .setRequestId("exec-1/cleanup/us-east-1/own")
        .setRegion("us-east-1")
        .setJobIds(jobs)
        .setRecoveryInstanceIds(instances)
        .build();
  }
}
