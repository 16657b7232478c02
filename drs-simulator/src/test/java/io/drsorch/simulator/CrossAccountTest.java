package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static io.drsorch.simulator.ServerIds.ids;
import static io.drsorch.simulator.StsClients.OTHER_ACCOUNT;
import static io.drsorch.simulator.StsClients.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.simulator.StsClients.AssumedRole;
import io.drsorch.simulator.events.EventConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.ConflictException;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobType;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;
import software.amazon.awssdk.services.drs.model.RecoveryInstance;
import software.amazon.awssdk.services.drs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.drs.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.drs.model.SourceServer;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;
import software.amazon.awssdk.services.drs.model.StartRecoveryResponse;

/**
 * Several accounts in one simulator, reached the way the orchestrator reaches them: a {@code
 * DrsClient} on {@code StsAssumeRoleCredentialsProvider} credentials works on the role's account
 * (111122223333), a client on any other credentials on the default one (123456789012). Jobs take 2
 * s PENDING and 3 s STARTED on a hand-moved clock.
 */
class CrossAccountTest {

  private static final String DEFAULT_ACCOUNT = "123456789012";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.123Z"));
  private DrsSimulator simulator;
  private DrsClient drs;
  private AssumedRole assumed;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 3, 0);
    simulator.addSourceServers("us-east-1", List.of(id(1)));
    simulator.addSourceServers(OTHER_ACCOUNT, "us-east-1", List.of(id(11), id(12)));
    drs = DrsClients.withoutRetries(simulator.endpoint());
    assumed = StsClients.assumingRole(simulator, ROLE_ARN, "pg-payments");
  }

  @AfterEach
  void stop() {
    assumed.close();
    drs.close();
    simulator.close();
  }

  private static StartRecoveryResponse launch(DrsClient client, String... servers) {
    return client.startRecovery(
        r ->
            r.isDrill(true)
                .sourceServers(
                    Arrays.stream(servers)
                        .map(
                            s ->
                                StartRecoveryRequestSourceServer.builder()
                                    .sourceServerID(s)
                                    .build())
                        .toList()));
  }

  private static List<Job> jobs(DrsClient client, String... jobIds) {
    return client
        .describeJobs(r -> r.filters(DescribeJobsRequestFilters.builder().jobIDs(jobIds).build()))
        .items();
  }

  private static List<String> serverIds(DrsClient client) {
    return client.describeSourceServers(r -> {}).items().stream()
        .map(SourceServer::sourceServerID)
        .toList();
  }

  @Test
  void
      givenServersInAnotherAccount_whenRecoveryStartsWithAssumedCredentials_thenTheJobIsThatAccounts() {
    // when
    StartRecoveryResponse response = launch(assumed.drs(), id(11), id(12));

    // then
    Job job = response.job();
    assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(202);
    assertThat(job.arn()).isEqualTo("arn:aws:drs:us-east-1:111122223333:job/" + job.jobID());
    assertThat(job.participatingServers())
        .extracting(ParticipatingServer::sourceServerID)
        .containsExactly(id(11), id(12));
    assertThat(jobs(assumed.drs(), job.jobID())).extracting(Job::arn).containsExactly(job.arn());
    List<SourceServer> servers = assumed.drs().describeSourceServers(r -> {}).items();
    assertThat(servers)
        .extracting(SourceServer::arn)
        .containsExactly(
            "arn:aws:drs:us-east-1:111122223333:source-server/" + id(11),
            "arn:aws:drs:us-east-1:111122223333:source-server/" + id(12));
    assertThat(servers)
        .allSatisfy(
            s -> assertThat(s.lifeCycle().lastLaunch().initiated().jobID()).isEqualTo(job.jobID()));
    // the SDK assumed the role once and reused the credentials: it read their expiration
    assertThat(simulator.callCounts()).containsEntry("AssumeRole", 1L);
  }

  @Test
  void
      givenAJobInAnotherAccount_whenTheDefaultCredentialsLook_thenTheySeeNeitherTheJobNorItsServers() {
    // given
    String otherJob = launch(assumed.drs(), id(11)).job().jobID();
    String defaultJob = launch(drs, id(1)).job().jobID();

    // when
    List<Job> seenByDefault = drs.describeJobs(r -> {}).items();
    List<Job> otherJobFilteredByDefault = jobs(drs, otherJob);
    ResourceNotFoundException log =
        catchThrowableOfType(
            ResourceNotFoundException.class, () -> drs.describeJobLogItems(r -> r.jobID(otherJob)));

    // then
    assertThat(seenByDefault)
        .extracting(Job::jobID, Job::arn)
        .containsExactly(tuple(defaultJob, "arn:aws:drs:us-east-1:123456789012:job/" + defaultJob));
    assertThat(otherJobFilteredByDefault).isEmpty();
    assertThat(log.statusCode()).isEqualTo(404);
    assertThat(log.resourceId()).isEqualTo(otherJob);
    assertThat(serverIds(drs)).containsExactly(id(1));
    assertThat(assumed.drs().describeJobs(r -> {}).items())
        .extracting(Job::jobID)
        .containsExactly(otherJob);
    assertThat(serverIds(assumed.drs())).containsExactly(id(11), id(12));
  }

  @Test
  void
      givenAServerOfTheDefaultAccount_whenLaunchedWithAssumedCredentials_thenResourceNotFound404() {
    // when
    ResourceNotFoundException e =
        catchThrowableOfType(ResourceNotFoundException.class, () -> launch(assumed.drs(), id(1)));

    // then
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(e.resourceId()).isEqualTo(id(1));
    assertThat(e.resourceType()).isEqualTo("SOURCE_SERVER");
    assertThat(drs.describeJobs(r -> {}).items()).isEmpty();
  }

  @Test
  void givenTheSameServerIdInTwoAccounts_whenBothLaunchIt_thenEachAccountHoldsOnlyItsOwnJob() {
    // given the id of a default-account server registered in the other account too
    simulator.addSourceServers(OTHER_ACCOUNT, "us-east-1", List.of(id(1)));
    String defaultJob = launch(drs, id(1)).job().jobID();

    // when
    Job otherJob = launch(assumed.drs(), id(1)).job();
    ConflictException again =
        catchThrowableOfType(ConflictException.class, () -> launch(assumed.drs(), id(1)));

    // then
    assertThat(otherJob.arn()).startsWith("arn:aws:drs:us-east-1:111122223333:job/");
    assertThat(otherJob.jobID()).isNotEqualTo(defaultJob);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.resourceId()).isEqualTo(id(1));
  }

  @Test
  void givenTwentyActiveJobsInOneAccount_whenAJobStartsInAnother_thenItIsAccepted() {
    // given 20 active jobs in the default account, which refuses a 21st
    simulator.addSourceServers("us-east-1", ids(100, 21));
    for (String server : ids(100, 20)) {
      launch(drs, server);
    }
    ServiceQuotaExceededException full =
        catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(drs, id(120)));

    // when
    StartRecoveryResponse other = launch(assumed.drs(), id(11));

    // then
    assertThat(full.statusCode()).isEqualTo(402);
    assertThat(full.resourceId()).isEqualTo(DEFAULT_ACCOUNT);
    assertThat(other.sdkHttpResponse().statusCode()).isEqualTo(202);
    assertThat(other.job().arn()).startsWith("arn:aws:drs:us-east-1:111122223333:job/");
  }

  @Test
  void givenACompletedLaunchInAnotherAccount_whenInstancesAreListed_thenOnlyThatAccountHasThem() {
    // given
    launch(assumed.drs(), id(11));
    clock.advanceSeconds(5);

    // when
    List<RecoveryInstance> inOther = assumed.drs().describeRecoveryInstances(r -> {}).items();
    List<RecoveryInstance> inDefault = drs.describeRecoveryInstances(r -> {}).items();

    // then
    assertThat(inOther).hasSize(1);
    String instanceId = inOther.get(0).recoveryInstanceID();
    assertThat(inOther.get(0).arn())
        .isEqualTo("arn:aws:drs:us-east-1:111122223333:recovery-instance/" + instanceId);
    assertThat(inDefault).isEmpty();
    ResourceNotFoundException e =
        catchThrowableOfType(
            ResourceNotFoundException.class,
            () -> drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId)));
    assertThat(e.resourceId()).isEqualTo(instanceId);
    Job termination =
        assumed.drs().terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId)).job();
    assertThat(termination.type()).isEqualTo(JobType.TERMINATE);
    assertThat(termination.arn()).startsWith("arn:aws:drs:us-east-1:111122223333:job/");
  }

  @Test
  void givenJobsInTwoAccounts_whenTheyComplete_thenEachLaunchResultEventCarriesItsAccount() {
    // given
    try (EventReceiver receiver = new EventReceiver()) {
      simulator.configureEvents(EventConfig.to(receiver.url(), "secret-key"));
      String otherJob = launch(assumed.drs(), id(11)).job().jobID();
      String defaultJob = launch(drs, id(1)).job().jobID();

      // when
      clock.advanceSeconds(5);
      int due = simulator.deliverDueEvents();

      // then
      assertThat(due).isEqualTo(2);
      Map<String, JsonNode> byJob =
          receiver.bodies().stream()
              .collect(
                  Collectors.toMap(
                      e -> e.path("detail").path("job-id").asText(), Function.identity()));
      JsonNode other = byJob.get(otherJob);
      assertThat(other.path("account").asText()).isEqualTo(OTHER_ACCOUNT);
      assertThat(other.path("resources").get(0).asText())
          .isEqualTo("arn:aws:drs:us-east-1:111122223333:source-server/" + id(11));
      assertThat(other.path("detail").path("state").asText())
          .isEqualTo("RECOVERY_LAUNCH_SUCCEEDED");
      JsonNode own = byJob.get(defaultJob);
      assertThat(own.path("account").asText()).isEqualTo(DEFAULT_ACCOUNT);
      assertThat(own.path("resources").get(0).asText())
          .isEqualTo("arn:aws:drs:us-east-1:123456789012:source-server/" + id(1));
    }
  }

  @Test
  void givenTwoRolesInOneAccount_whenEachDescribes_thenTheyShareThatAccountsServersAndJobs() {
    // given
    String job = launch(assumed.drs(), id(11)).job().jobID();

    // when
    try (AssumedRole auditor =
        StsClients.assumingRole(
            simulator, "arn:aws:iam::111122223333:role/audit/drs-auditor", "audit")) {

      // then
      assertThat(serverIds(auditor.drs())).containsExactly(id(11), id(12));
      assertThat(jobs(auditor.drs(), job)).extracting(Job::jobID).containsExactly(job);
    }
    assertThat(simulator.accountIds()).containsExactly(DEFAULT_ACCOUNT, OTHER_ACCOUNT);
  }

  @Test
  void givenAKeyThatLooksIssuedButIsNot_whenItCallsDrs_thenItReachesTheDefaultAccount() {
    // given
    try (DrsClient unknownKey =
        DrsClients.withoutRetries(
            simulator.endpoint(),
            "us-east-1",
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create("ASIAAAAAAAAAAAAAAAAA", "secret", "token")))) {

      // when / then
      assertThat(serverIds(unknownKey)).containsExactly(id(1));
    }
  }
}
