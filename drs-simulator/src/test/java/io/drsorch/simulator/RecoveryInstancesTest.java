package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.ConflictException;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.DescribeRecoveryInstancesRequestFilters;
import software.amazon.awssdk.services.drs.model.EC2InstanceState;
import software.amazon.awssdk.services.drs.model.InitiatedBy;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobLogEvent;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.JobType;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.RecoveryInstance;
import software.amazon.awssdk.services.drs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;
import software.amazon.awssdk.services.drs.model.TerminateRecoveryInstancesResponse;
import software.amazon.awssdk.services.drs.model.ValidationException;
import software.amazon.awssdk.services.drs.model.ValidationExceptionReason;

/** DescribeRecoveryInstances, TerminateRecoveryInstances and the clean-up before a relaunch. */
class RecoveryInstancesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
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

  private String drill(String server) {
    String jobId =
        drs.startRecovery(
                r ->
                    r.isDrill(true)
                        .sourceServers(
                            StartRecoveryRequestSourceServer.builder()
                                .sourceServerID(server)
                                .build()))
            .job()
            .jobID();
    clock.advanceSeconds(6);
    return jobId;
  }

  private RecoveryInstance instance(String id) {
    return instances(id).get(0);
  }

  private List<RecoveryInstance> instances(String id) {
    return drs.describeRecoveryInstances(
            r ->
                r.filters(
                    DescribeRecoveryInstancesRequestFilters.builder()
                        .recoveryInstanceIDs(id)
                        .build()))
        .items();
  }

  private Job job(String id) {
    return drs.describeJobs(r -> r.filters(DescribeJobsRequestFilters.builder().jobIDs(id).build()))
        .items()
        .get(0);
  }

  @Test
  void givenALaunchedDrill_whenDescribingInstances_thenItsInstanceIsRunning() {
    // given
    String jobId = drill(id(1));

    // when
    List<RecoveryInstance> instances =
        drs.describeRecoveryInstances(
                r ->
                    r.filters(
                        DescribeRecoveryInstancesRequestFilters.builder()
                            .sourceServerIDs(id(1))
                            .build()))
            .items();

    // then
    assertThat(instances)
        .singleElement()
        .satisfies(
            instance -> {
              assertThat(instance.recoveryInstanceID()).matches("i-[0-9a-f]{17}");
              assertThat(instance.ec2InstanceID()).isEqualTo(instance.recoveryInstanceID());
              assertThat(instance.ec2InstanceState()).isEqualTo(EC2InstanceState.RUNNING);
              assertThat(instance.isDrill()).isTrue();
              assertThat(instance.jobID()).isEqualTo(jobId);
              assertThat(instance.sourceServerID()).isEqualTo(id(1));
              assertThat(instance.arn())
                  .isEqualTo(
                      "arn:aws:drs:us-east-1:123456789012:recovery-instance/"
                          + instance.recoveryInstanceID());
            });
    assertThat(instances.get(0).recoveryInstanceID())
        .isEqualTo(job(jobId).participatingServers().get(0).recoveryInstanceID());
  }

  @Test
  void
      givenAnInstance_whenTerminated_thenATerminateJobEndsWithTheServerTerminatedAndTheInstanceGone() {
    // given
    drill(id(1));
    String instanceId = drs.describeRecoveryInstances(r -> {}).items().get(0).recoveryInstanceID();

    // when
    TerminateRecoveryInstancesResponse response =
        drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId));

    // then
    Job accepted = response.job();
    assertThat(accepted.type()).isEqualTo(JobType.TERMINATE);
    assertThat(accepted.initiatedBy()).isEqualTo(InitiatedBy.TERMINATE_RECOVERY_INSTANCES);
    assertThat(accepted.status()).isEqualTo(JobStatus.PENDING);
    assertThat(instance(instanceId).ec2InstanceState()).isEqualTo(EC2InstanceState.RUNNING);

    clock.advanceSeconds(2);
    assertThat(instance(instanceId).ec2InstanceState()).isEqualTo(EC2InstanceState.SHUTTING_DOWN);

    clock.advanceSeconds(4);
    Job done = job(accepted.jobID());
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.participatingServers())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.sourceServerID()).isEqualTo(id(1));
              assertThat(s.recoveryInstanceID()).isEqualTo(instanceId);
              assertThat(s.launchStatus()).isEqualTo(LaunchStatus.TERMINATED);
            });
    // DRS deletes a terminated recovery instance (the model's TerminateRecoveryInstances).
    assertThat(instances(instanceId)).isEmpty();
    assertThat(drs.describeRecoveryInstances(r -> {}).items()).isEmpty();
    assertThat(drs.describeSourceServers(r -> {}).items().get(0).recoveryInstanceId()).isNull();
    assertThat(drs.describeJobLogItems(r -> r.jobID(accepted.jobID())).items())
        .extracting(l -> l.event())
        .containsExactly(
            JobLogEvent.JOB_START,
            JobLogEvent.CLEANUP_START,
            JobLogEvent.CLEANUP_END,
            JobLogEvent.JOB_END);
  }

  @Test
  void givenAnInstanceBeingTerminated_whenTerminatedAgain_thenConflict() {
    // given
    drill(id(1));
    String instanceId = drs.describeRecoveryInstances(r -> {}).items().get(0).recoveryInstanceID();
    drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId));

    // when
    ConflictException e =
        catchThrowableOfType(
            ConflictException.class,
            () -> drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId)));

    // then
    assertThat(e.resourceId()).isEqualTo(instanceId);
  }

  @Test
  void givenATerminationThatIsDone_whenTheInstanceIsTerminatedAgain_thenResourceNotFound() {
    // given
    drill(id(1));
    String instanceId = drs.describeRecoveryInstances(r -> {}).items().get(0).recoveryInstanceID();
    drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId));
    clock.advanceSeconds(6);

    // when
    ResourceNotFoundException e =
        catchThrowableOfType(
            ResourceNotFoundException.class,
            () -> drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId)));

    // then
    assertThat(e.resourceId()).isEqualTo(instanceId);
    assertThat(e.resourceType()).isEqualTo("RECOVERY_INSTANCE");
  }

  @Test
  void givenInstancesOfTwoServers_whenFilteredByInstanceOrServerIds_thenOnlyThoseAreListed() {
    // given
    drs.startRecovery(
        r ->
            r.isDrill(true)
                .sourceServers(s -> s.sourceServerID(id(1)), s -> s.sourceServerID(id(2))));
    clock.advanceSeconds(6);
    List<RecoveryInstance> all = drs.describeRecoveryInstances(r -> {}).items();
    String second =
        all.stream()
            .filter(i -> i.sourceServerID().equals(id(2)))
            .findFirst()
            .orElseThrow()
            .recoveryInstanceID();

    // when
    List<RecoveryInstance> byServer =
        drs.describeRecoveryInstances(
                r ->
                    r.filters(
                        DescribeRecoveryInstancesRequestFilters.builder()
                            .sourceServerIDs(id(1))
                            .build()))
            .items();
    List<RecoveryInstance> byInstance = instances(second);

    // then
    assertThat(all)
        .extracting(RecoveryInstance::sourceServerID)
        .containsExactlyInAnyOrder(id(1), id(2));
    assertThat(byServer).extracting(RecoveryInstance::sourceServerID).containsExactly(id(1));
    assertThat(byInstance).extracting(RecoveryInstance::sourceServerID).containsExactly(id(2));
    assertThat(all).allSatisfy(i -> assertThat(i.isDrill()).isTrue());
  }

  @Test
  void given201Instances_whenTerminatedInOneCall_thenValidationExceptionNamingTheList() {
    // given: ids need not exist, the size is checked first
    List<String> ids =
        java.util.stream.IntStream.range(0, 201)
            .mapToObj(i -> String.format("i-%017x", i))
            .toList();

    // when
    ValidationException tooMany =
        catchThrowableOfType(
            ValidationException.class,
            () -> drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(ids)));
    ValidationException none =
        catchThrowableOfType(
            ValidationException.class,
            () -> drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(List.of())));

    // then
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
    assertThat(tooMany.fieldList())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.name()).isEqualTo("recoveryInstanceIDs");
              assertThat(f.message()).contains("between 1 and 200").contains("201");
            });
    assertThat(none.fieldList())
        .singleElement()
        .satisfies(f -> assertThat(f.name()).isEqualTo("recoveryInstanceIDs"));
    assertThat(drs.describeJobs(r -> {}).items()).isEmpty();
  }

  @Test
  void given200Instances_whenTerminatedInOneCall_thenOneTerminateJobHoldsThemAll() {
    // given
    List<String> servers = ServerIds.ids(100, 200);
    simulator.addSourceServers("us-east-1", servers);
    drs.startRecovery(
        r ->
            r.isDrill(true)
                .sourceServers(
                    servers.stream()
                        .map(
                            s ->
                                StartRecoveryRequestSourceServer.builder()
                                    .sourceServerID(s)
                                    .build())
                        .toList()));
    clock.advanceSeconds(6);
    List<String> instanceIds =
        drs
            .describeRecoveryInstances(
                r ->
                    r.filters(
                        DescribeRecoveryInstancesRequestFilters.builder()
                            .sourceServerIDs(servers)
                            .build()))
            .items()
            .stream()
            .map(RecoveryInstance::recoveryInstanceID)
            .toList();

    // when
    Job job = drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceIds)).job();
    clock.advanceSeconds(6);

    // then
    assertThat(instanceIds).hasSize(200);
    assertThat(job(job.jobID()).participatingServers())
        .hasSize(200)
        .allSatisfy(s -> assertThat(s.launchStatus()).isEqualTo(LaunchStatus.TERMINATED));
    assertThat(
            drs.describeRecoveryInstances(
                    r ->
                        r.filters(
                            DescribeRecoveryInstancesRequestFilters.builder()
                                .sourceServerIDs(servers)
                                .build()))
                .items())
        .isEmpty();
  }

  @Test
  void givenAnUnknownInstance_whenTerminated_thenResourceNotFound() {
    // when
    ResourceNotFoundException e =
        catchThrowableOfType(
            ResourceNotFoundException.class,
            () ->
                drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs("i-0123456789abcdef0")));

    // then
    assertThat(e.resourceId()).isEqualTo("i-0123456789abcdef0");
  }

  @Test
  void givenALaunchedServer_whenLaunchedAgain_thenItsPreviousInstanceIsCleanedUpFirst() {
    // given
    drill(id(1));
    String previous = drs.describeRecoveryInstances(r -> {}).items().get(0).recoveryInstanceID();

    // when
    String relaunch =
        drs.startRecovery(
                r ->
                    r.sourceServers(
                        StartRecoveryRequestSourceServer.builder().sourceServerID(id(1)).build()))
            .job()
            .jobID();
    clock.advanceSeconds(6);

    // then
    String current = job(relaunch).participatingServers().get(0).recoveryInstanceID();
    assertThat(current).isNotEqualTo(previous);
    assertThat(instances(previous)).as("the cleaned-up instance is deleted").isEmpty();
    assertThat(instance(current).ec2InstanceState()).isEqualTo(EC2InstanceState.RUNNING);
    assertThat(instance(current).isDrill()).isFalse();
    assertThat(drs.describeSourceServers(r -> {}).items().get(0).recoveryInstanceId())
        .isEqualTo(current);
    assertThat(drs.describeJobLogItems(r -> r.jobID(relaunch)).items())
        .filteredOn(
            l -> l.event() == JobLogEvent.CLEANUP_START || l.event() == JobLogEvent.CLEANUP_END)
        .extracting(l -> l.eventData().targetInstanceID())
        .containsExactly(previous, previous);
  }

  @Test
  void givenAServerBeingTerminated_whenLaunched_thenConflict() {
    // given
    drill(id(1));
    String instanceId = drs.describeRecoveryInstances(r -> {}).items().get(0).recoveryInstanceID();
    drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId));

    // when
    ConflictException e =
        catchThrowableOfType(
            ConflictException.class,
            () ->
                drs.startRecovery(
                    r ->
                        r.sourceServers(
                            StartRecoveryRequestSourceServer.builder()
                                .sourceServerID(id(1))
                                .build())));

    // then
    assertThat(e.resourceId()).isEqualTo(id(1));
  }

  @Test
  void givenALaunchInProgress_whenDescribingInstances_thenItsInstanceIsNotThereYet() {
    // given
    drs.startRecovery(
        r ->
            r.sourceServers(
                StartRecoveryRequestSourceServer.builder().sourceServerID(id(2)).build()));

    // when
    List<RecoveryInstance> instances = drs.describeRecoveryInstances(r -> {}).items();

    // then
    assertThat(instances).isEmpty();
  }
}
