package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drsorch.simulator.servers.ReplicationState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.DescribeRecoveryInstancesRequestFilters;
import software.amazon.awssdk.services.drs.model.DescribeSourceServersRequestFilters;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobLog;
import software.amazon.awssdk.services.drs.model.JobLogEvent;
import software.amazon.awssdk.services.drs.model.LastLaunchResult;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.RecoveryInstance;
import software.amazon.awssdk.services.drs.model.RecoverySnapshotsOrder;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;
import software.amazon.awssdk.services.drs.model.ValidationException;
import software.amazon.awssdk.services.drs.model.ValidationExceptionReason;

/**
 * Launches from a point in time: a recovery snapshot named per server (one of its own, or refused),
 * or the latest data, which a server that is not replicating continuously cannot snapshot, so it
 * falls back on its newest recovery snapshot or fails. Job logs and recovery instances say which.
 */
class PointInTimeLaunchTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final Instant NINE = Instant.parse("2026-11-22T09:00:00Z");
  private static final Instant TEN = Instant.parse("2026-11-22T10:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 4, 0);
    simulator.addSourceServers("us-east-1", List.of(id(1), id(2)));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private static StartRecoveryRequestSourceServer server(String id, String snapshotId) {
    return StartRecoveryRequestSourceServer.builder()
        .sourceServerID(id)
        .recoverySnapshotID(snapshotId)
        .build();
  }

  private String launch(StartRecoveryRequestSourceServer... servers) {
    return drs.startRecovery(r -> r.isDrill(true).sourceServers(servers)).job().jobID();
  }

  private Job job(String jobId) {
    return drs.describeJobs(
            r -> r.filters(DescribeJobsRequestFilters.builder().jobIDs(jobId).build()))
        .items()
        .get(0);
  }

  private List<JobLog> log(String jobId, String server) {
    return drs.describeJobLogItems(r -> r.jobID(jobId)).items().stream()
        .filter(l -> l.eventData() != null && server.equals(l.eventData().sourceServerID()))
        .toList();
  }

  private List<RecoveryInstance> instances(String server) {
    return drs.describeRecoveryInstances(
            r ->
                r.filters(
                    DescribeRecoveryInstancesRequestFilters.builder()
                        .sourceServerIDs(server)
                        .build()))
        .items();
  }

  @Test
  void givenTwoSnapshots_whenLaunchedFromTheOlder_thenTheInstanceAndTheLogCarryItsPointInTime() {
    // given
    List<String> snapshots = simulator.setRecoverySnapshots("us-east-1", id(1), List.of(NINE, TEN));

    // when
    String jobId = launch(server(id(1), snapshots.get(0)));
    clock.advanceSeconds(6);

    // then
    assertThat(job(jobId).participatingServers())
        .singleElement()
        .satisfies(s -> assertThat(s.launchStatus()).isEqualTo(LaunchStatus.LAUNCHED));
    assertThat(instances(id(1)))
        .singleElement()
        .satisfies(
            i -> assertThat(i.pointInTimeSnapshotDateTime()).isEqualTo("2026-11-22T09:00:00.000Z"));
    List<JobLog> log = log(jobId, id(1));
    assertThat(log)
        .extracting(JobLog::event)
        .containsExactly(
            JobLogEvent.USING_PREVIOUS_SNAPSHOT,
            JobLogEvent.CONVERSION_START,
            JobLogEvent.CONVERSION_END,
            JobLogEvent.LAUNCH_START);
    assertThat(log)
        .filteredOn(l -> l.event() == JobLogEvent.CONVERSION_START)
        .singleElement()
        .satisfies(
            l ->
                assertThat(l.eventData().conversionProperties().dataTimestamp())
                    .isEqualTo("2026-11-22T09:00:00.000Z"));
  }

  @Test
  void
      givenASnapshotListedByDrs_whenTwoServersLaunchFromTheirsAndTheLatestData_thenEachHasItsOwn() {
    // given: id(1) has snapshots every 10 minutes since 12:00
    clock.advance(Duration.ofMinutes(25));
    String twelveTen =
        drs.describeRecoverySnapshots(
                r ->
                    r.sourceServerID(id(1))
                        .order(RecoverySnapshotsOrder.DESC)
                        .filters(f -> f.toDateTime("2026-11-22T12:15:00Z"))
                        .maxResults(1))
            .items()
            .get(0)
            .snapshotID();

    // when
    String jobId = launch(server(id(1), twelveTen), server(id(2), null));
    clock.advanceSeconds(6);

    // then
    assertThat(instances(id(1)).get(0).pointInTimeSnapshotDateTime())
        .isEqualTo("2026-11-22T12:10:00.000Z");
    assertThat(instances(id(2)).get(0).pointInTimeSnapshotDateTime())
        .as("the on-demand snapshot of the launch")
        .isEqualTo("2026-11-22T12:25:00.000Z");
    assertThat(log(jobId, id(2)))
        .extracting(JobLog::event)
        .containsExactly(
            JobLogEvent.SNAPSHOT_START,
            JobLogEvent.SNAPSHOT_END,
            JobLogEvent.CONVERSION_START,
            JobLogEvent.CONVERSION_END,
            JobLogEvent.LAUNCH_START);
  }

  @Test
  void givenAnUnknownSnapshotId_whenLaunched_thenValidationExceptionNamingTheFieldAndNoJob() {
    // when
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () -> launch(server(id(1), null), server(id(2), "pit-0123456789abcdef0")));

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
    assertThat(e.fieldList())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("sourceServers[1].recoverySnapshotID");
              assertThat(f.message()).contains("pit-0123456789abcdef0").contains(id(2));
            });
    assertThat(drs.describeJobs(r -> {}).items()).isEmpty();
    assertThat(launch(server(id(1), null))).as("nothing was held").isNotNull();
  }

  @Test
  void givenAnotherServersSnapshot_whenLaunched_thenRefused() {
    // given
    String ofServerTwo = simulator.setRecoverySnapshots("us-east-1", id(2), List.of(TEN)).get(0);

    // when
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> launch(server(id(1), ofServerTwo)));

    // then
    assertThat(e.fieldList())
        .singleElement()
        .satisfies(f -> assertThat(f.name()).isEqualTo("sourceServers[0].recoverySnapshotID"));
  }

  @Test
  void givenAReplacedHistory_whenLaunchedFromASnapshotOfTheOldOne_thenRefused() {
    // given
    String old = simulator.setRecoverySnapshots("us-east-1", id(1), List.of(NINE)).get(0);
    simulator.setRecoverySnapshots("us-east-1", id(1), List.of(NINE, TEN));

    // when
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> launch(server(id(1), old)));

    // then
    assertThat(e).isNotNull();
  }

  @Test
  void givenAStalledServer_whenLaunchedFromTheLatestData_thenItLaunchesFromItsNewestSnapshot() {
    // given: snapshots at 12:00, 12:10, 12:20, then replication stalls
    clock.advance(Duration.ofMinutes(25));
    simulator.setReplication("us-east-1", id(1), ReplicationState.STALLED, Duration.ofMinutes(5));
    clock.advance(Duration.ofHours(1));

    // when
    String jobId = launch(server(id(1), null));
    clock.advanceSeconds(6);

    // then
    assertThat(job(jobId).participatingServers().get(0).launchStatus())
        .isEqualTo(LaunchStatus.LAUNCHED);
    assertThat(instances(id(1)).get(0).pointInTimeSnapshotDateTime())
        .isEqualTo("2026-11-22T12:20:00.000Z");
    List<JobLog> log = log(jobId, id(1));
    assertThat(log)
        .extracting(JobLog::event)
        .containsExactly(
            JobLogEvent.SNAPSHOT_START,
            JobLogEvent.SNAPSHOT_FAIL,
            JobLogEvent.USING_PREVIOUS_SNAPSHOT,
            JobLogEvent.CONVERSION_START,
            JobLogEvent.CONVERSION_END,
            JobLogEvent.LAUNCH_START);
    assertThat(log.get(1).eventData().rawError()).contains("not CONTINUOUS");
    assertThat(log.get(3).eventData().conversionProperties().dataTimestamp())
        .isEqualTo("2026-11-22T12:20:00.000Z");
  }

  @Test
  void
      givenAServerWithoutAnySnapshot_whenLaunchedFromTheLatestData_thenItFailsAndTheJobCompletes() {
    // given
    simulator.addSourceServers(
        "us-east-1", List.of(id(3)), ReplicationState.INITIAL_SYNC, Duration.ZERO);

    // when
    String jobId = launch(server(id(3), null), server(id(1), null));
    clock.advanceSeconds(6);

    // then
    Job done = job(jobId);
    assertThat(done.statusAsString()).isEqualTo("COMPLETED");
    assertThat(done.participatingServers())
        .filteredOn(s -> s.sourceServerID().equals(id(3)))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.launchStatus()).isEqualTo(LaunchStatus.FAILED);
              assertThat(s.recoveryInstanceID()).isNull();
            });
    assertThat(done.participatingServers())
        .filteredOn(s -> s.sourceServerID().equals(id(1)))
        .singleElement()
        .satisfies(s -> assertThat(s.launchStatus()).isEqualTo(LaunchStatus.LAUNCHED));
    assertThat(log(jobId, id(3)))
        .extracting(JobLog::event)
        .containsExactly(
            JobLogEvent.SNAPSHOT_START,
            JobLogEvent.SNAPSHOT_FAIL,
            JobLogEvent.USING_PREVIOUS_SNAPSHOT_FAILED);
    assertThat(instances(id(3))).isEmpty();
    assertThat(
            drs.describeSourceServers(
                    r ->
                        r.filters(
                            DescribeSourceServersRequestFilters.builder()
                                .sourceServerIDs(id(3))
                                .build()))
                .items()
                .get(0)
                .lastLaunchResult())
        .isEqualTo(LastLaunchResult.FAILED);
  }

  @Test
  void givenAStalledServer_whenLaunchedFromAChosenSnapshot_thenItLaunchesFromThatOne() {
    // given
    List<String> snapshots = simulator.setRecoverySnapshots("us-east-1", id(1), List.of(NINE, TEN));
    simulator.setReplication("us-east-1", id(1), ReplicationState.STALLED, Duration.ofHours(2));

    // when
    launch(server(id(1), snapshots.get(1)));
    clock.advanceSeconds(6);

    // then
    assertThat(instances(id(1)).get(0).pointInTimeSnapshotDateTime())
        .isEqualTo("2026-11-22T10:00:00.000Z");
  }
}
