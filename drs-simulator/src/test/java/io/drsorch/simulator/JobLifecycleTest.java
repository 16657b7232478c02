package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.InitiatedBy;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.JobType;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;
import software.amazon.awssdk.services.drs.model.StartRecoveryResponse;

class JobLifecycleTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.123Z"));
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 3, 0);
    simulator.addSourceServers("us-east-1", List.of(id(1), id(2)));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private StartRecoveryResponse startDrill(String... servers) {
    return drs.startRecovery(
        r ->
            r.isDrill(true)
                .tags(Map.of("drsorch:wave-id", "db"))
                .sourceServers(
                    java.util.Arrays.stream(servers)
                        .map(
                            s ->
                                StartRecoveryRequestSourceServer.builder()
                                    .sourceServerID(s)
                                    .build())
                        .toList()));
  }

  private Job describe(String jobId) {
    return drs.describeJobs(
            r -> r.filters(DescribeJobsRequestFilters.builder().jobIDs(jobId).build()))
        .items()
        .get(0);
  }

  @Test
  void givenTwoServers_whenStartDrill_thenJobIsAcceptedPendingWithWellFormedIds() {
    // given two registered servers

    // when
    StartRecoveryResponse response = startDrill(id(1), id(2));

    // then
    Job job = response.job();
    assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(202);
    assertThat(job.jobID()).matches("drsjob-[0-9a-zA-Z]{17}");
    assertThat(job.arn()).isEqualTo("arn:aws:drs:us-east-1:123456789012:job/" + job.jobID());
    assertThat(job.type()).isEqualTo(JobType.LAUNCH);
    assertThat(job.initiatedBy()).isEqualTo(InitiatedBy.START_DRILL);
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.creationDateTime()).isEqualTo("2026-11-22T10:00:00.123Z");
    assertThat(job.endDateTime()).isNull();
    assertThat(job.tags()).containsEntry("drsorch:wave-id", "db");
    assertThat(job.participatingServers())
        .extracting(ParticipatingServer::sourceServerID, ParticipatingServer::launchStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(id(1), LaunchStatus.PENDING),
            org.assertj.core.groups.Tuple.tuple(id(2), LaunchStatus.PENDING));
    assertThat(job.participatingServers())
        .allSatisfy(s -> assertThat(s.recoveryInstanceID()).isNull());
  }

  @Test
  void givenADrill_whenTimePasses_thenJobGoesPendingStartedCompletedAndServersLaunch() {
    // given
    String jobId = startDrill(id(1)).job().jobID();

    // when / then: still PENDING just before the pending time is up
    clock.advanceSeconds(1.999);
    assertThat(describe(jobId).status()).isEqualTo(JobStatus.PENDING);

    clock.advanceSeconds(0.001);
    Job started = describe(jobId);
    assertThat(started.status()).isEqualTo(JobStatus.STARTED);
    assertThat(started.participatingServers().get(0).launchStatus())
        .isEqualTo(LaunchStatus.IN_PROGRESS);
    assertThat(started.participatingServers().get(0).recoveryInstanceID()).isNull();

    clock.advanceSeconds(3);
    Job completed = describe(jobId);
    assertThat(completed.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(completed.endDateTime()).isEqualTo("2026-11-22T10:00:05.123Z");
    assertThat(completed.participatingServers().get(0).launchStatus())
        .isEqualTo(LaunchStatus.LAUNCHED);
    assertThat(completed.participatingServers().get(0).recoveryInstanceID())
        .matches("i-[0-9a-f]{17}");
  }

  @Test
  void givenFractionalTimings_whenTimePasses_thenStatusFollowsTheMilliseconds() {
    // given
    simulator.configure(0.25, 0.5, 0);
    String jobId = startDrill(id(1)).job().jobID();

    // when
    clock.advanceSeconds(0.25);
    JobStatus atQuarter = describe(jobId).status();
    clock.advanceSeconds(0.5);
    JobStatus atThreeQuarters = describe(jobId).status();

    // then
    assertThat(atQuarter).isEqualTo(JobStatus.STARTED);
    assertThat(atThreeQuarters).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void givenJitter_whenJobsRun_thenEachCompletesWithinStartedPlusJitter() {
    // given
    simulator.configure(1, 1, 2);
    String first = startDrill(id(1)).job().jobID();
    String second = startDrill(id(2)).job().jobID();

    // when: the longest a job can take
    clock.advanceSeconds(4);

    // then
    for (String jobId : List.of(first, second)) {
      Job job = describe(jobId);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(Instant.parse(job.endDateTime()))
          .isBetween(
              Instant.parse("2026-11-22T10:00:02.123Z"), Instant.parse("2026-11-22T10:00:04.123Z"));
    }
  }

  @Test
  void givenAnInjectedLaunchFault_whenTheJobCompletes_thenThatServerFailedAndTheJobIsCompleted() {
    // given
    simulator.failNextLaunch(id(2));
    String jobId =
        drs.startRecovery(
                r ->
                    r.sourceServers(
                        StartRecoveryRequestSourceServer.builder().sourceServerID(id(1)).build(),
                        StartRecoveryRequestSourceServer.builder().sourceServerID(id(2)).build()))
            .job()
            .jobID();

    // when
    clock.advanceSeconds(5);
    Job job = describe(jobId);

    // then
    assertThat(job.initiatedBy()).isEqualTo(InitiatedBy.START_RECOVERY);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.participatingServers())
        .extracting(ParticipatingServer::sourceServerID, ParticipatingServer::launchStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(id(1), LaunchStatus.LAUNCHED),
            org.assertj.core.groups.Tuple.tuple(id(2), LaunchStatus.FAILED));
    assertThat(job.participatingServers().get(1).recoveryInstanceID()).isNull();
  }

  @Test
  void givenAFaultWasUsed_whenTheServerLaunchesAgain_thenItLaunches() {
    // given
    simulator.failNextLaunch(id(1));
    startDrill(id(1));
    clock.advanceSeconds(5);

    // when
    String second = startDrill(id(1)).job().jobID();
    clock.advanceSeconds(5);

    // then
    assertThat(describe(second).participatingServers().get(0).launchStatus())
        .isEqualTo(LaunchStatus.LAUNCHED);
  }

  @Test
  void givenClearedFaults_whenTheServerLaunches_thenItLaunches() {
    // given
    simulator.failNextLaunch(id(1));
    simulator.clearFaults();

    // when
    String jobId = startDrill(id(1)).job().jobID();
    clock.advanceSeconds(5);

    // then
    assertThat(describe(jobId).participatingServers().get(0).launchStatus())
        .isEqualTo(LaunchStatus.LAUNCHED);
  }

  @Test
  void givenACompletedJob_whenTheServerLaunchesAgain_thenItIsAcceptedAsANewJob() {
    // given
    String first = startDrill(id(1)).job().jobID();
    clock.advanceSeconds(5);

    // when
    String second = startDrill(id(1)).job().jobID();

    // then
    assertThat(second).isNotEqualTo(first);
    assertThat(describe(second).status()).isEqualTo(JobStatus.PENDING);
  }
}
