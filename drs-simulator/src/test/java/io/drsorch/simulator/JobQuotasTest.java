package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static io.drsorch.simulator.ServerIds.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.account.Limits;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.ConflictException;
import software.amazon.awssdk.services.drs.model.DescribeRecoveryInstancesRequestFilters;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobType;
import software.amazon.awssdk.services.drs.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * The job quotas, which TERMINATE jobs count toward like launches: concurrent jobs of any type, and
 * source servers across all active jobs; and the one active job per server that a termination holds
 * like a launch.
 */
class JobQuotasTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 4, 0);
    simulator.addSourceServers("us-east-1", ids(1, 12));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private Job launch(List<String> servers) {
    return drs.startRecovery(
            r ->
                r.isDrill(true)
                    .sourceServers(
                        servers.stream()
                            .map(
                                s ->
                                    StartRecoveryRequestSourceServer.builder()
                                        .sourceServerID(s)
                                        .build())
                            .toList()))
        .job();
  }

  /** Launches the servers and waits until their instances run; answers the instance ids. */
  private List<String> launched(List<String> servers) {
    launch(servers);
    clock.advanceSeconds(6);
    return drs
        .describeRecoveryInstances(
            r ->
                r.filters(
                    DescribeRecoveryInstancesRequestFilters.builder()
                        .sourceServerIDs(servers)
                        .build()))
        .items()
        .stream()
        .map(i -> i.recoveryInstanceID())
        .toList();
  }

  private Job terminate(List<String> instanceIds) {
    return drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceIds)).job();
  }

  @Test
  void givenTerminateJobsHoldingEverySlot_whenAServerIsLaunched_thenServiceQuotaExceeded() {
    // given
    List<String> instances = launched(List.of(id(1), id(2)));
    simulator.configureLimits(new Limits(2, 200, 500));
    Job first = terminate(List.of(instances.get(0)));
    terminate(List.of(instances.get(1)));

    // when
    ServiceQuotaExceededException e =
        catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(List.of(id(3))));

    // then
    assertThat(first.type()).isEqualTo(JobType.TERMINATE);
    assertThat(e.statusCode()).isEqualTo(402);
    assertThat(e.quotaCode()).isEqualTo("L-D88FAC3A");
    assertThat(e.serviceCode()).isEqualTo("drs");
    assertThat(e.resourceType()).isEqualTo("JOB");
    assertThat(e.awsErrorDetails().errorMessage())
        .contains("concurrent jobs quota")
        .contains("2 active jobs");
    clock.advanceSeconds(6);
    assertThat(launch(List.of(id(3))).type()).as("free once they end").isEqualTo(JobType.LAUNCH);
  }

  @Test
  void givenLaunchesHoldingEverySlot_whenAnInstanceIsTerminated_thenServiceQuotaExceeded() {
    // given
    List<String> instances = launched(List.of(id(1)));
    simulator.configureLimits(new Limits(2, 200, 500));
    launch(List.of(id(2)));
    launch(List.of(id(3)));

    // when
    ServiceQuotaExceededException e =
        catchThrowableOfType(
            ServiceQuotaExceededException.class, () -> terminate(List.of(instances.get(0))));

    // then
    assertThat(e.quotaCode()).isEqualTo("L-D88FAC3A");
    assertThat(drs.describeJobs(r -> {}).items())
        .extracting(Job::type)
        .containsOnly(JobType.LAUNCH);
  }

  @Test
  void givenATerminationInProgress_whenItsServerIsLaunchedOrTerminatedWithAnother_thenConflict() {
    // given
    List<String> instances = launched(List.of(id(1), id(2)));
    String ofOne =
        drs.describeRecoveryInstances(r -> r.filters(f -> f.sourceServerIDs(id(1))))
            .items()
            .get(0)
            .recoveryInstanceID();
    String ofTwo = instances.stream().filter(i -> !i.equals(ofOne)).findFirst().orElseThrow();
    terminate(List.of(ofOne));

    // when
    ConflictException launchIt =
        catchThrowableOfType(ConflictException.class, () -> launch(List.of(id(3), id(1))));
    ConflictException terminateBoth =
        catchThrowableOfType(ConflictException.class, () -> terminate(List.of(ofTwo, ofOne)));

    // then
    assertThat(launchIt.statusCode()).isEqualTo(409);
    assertThat(launchIt.resourceId()).isEqualTo(id(1));
    assertThat(launchIt.resourceType()).isEqualTo("SOURCE_SERVER");
    assertThat(terminateBoth.resourceId()).isEqualTo(ofOne);
    assertThat(drs.describeJobs(r -> {}).items())
        .as("neither call started a job, not even for the other server")
        .hasSize(2);
  }

  @Test
  void givenARelaunchInProgress_whenThePreviousInstanceIsTerminated_thenConflict() {
    // given: the relaunch is cleaning the previous instance up
    String previous = launched(List.of(id(1))).get(0);
    launch(List.of(id(1)));

    // when
    ConflictException e =
        catchThrowableOfType(ConflictException.class, () -> terminate(List.of(previous)));

    // then
    assertThat(e.statusCode()).isEqualTo(409);
    assertThat(e.resourceId()).isEqualTo(previous);
  }

  @Test
  void givenTheQuotaOfServersInActiveJobs_whenALaunchWouldExceedIt_thenServiceQuotaExceeded() {
    // given
    simulator.configureLimits(new Limits(20, 200, 5));
    launch(ids(1, 3));

    // when
    ServiceQuotaExceededException e =
        catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(ids(4, 3)));
    Job fits = launch(ids(4, 2));

    // then
    assertThat(e.statusCode()).isEqualTo(402);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceQuotaExceededException");
    assertThat(e.quotaCode()).isEqualTo("L-05AFA8C6");
    assertThat(e.serviceCode()).isEqualTo("drs");
    assertThat(e.resourceId()).isEqualTo("123456789012");
    assertThat(e.resourceType()).isEqualTo("SOURCE_SERVER");
    assertThat(e.awsErrorDetails().errorMessage())
        .contains("source servers in all active jobs")
        .contains("is 5")
        .contains("3 are in active jobs")
        .contains("this job has 3");
    assertThat(fits.participatingServers()).hasSize(2);
    clock.advanceSeconds(6);
    assertThat(launch(ids(6, 5)).participatingServers()).as("free once they end").hasSize(5);
  }

  @Test
  void givenTheQuotaOfServersInActiveJobs_whenATerminationWouldExceedIt_thenServiceQuotaExceeded() {
    // given
    List<String> instances = launched(ids(1, 3));
    simulator.configureLimits(new Limits(20, 200, 4));
    launch(ids(4, 2));

    // when
    ServiceQuotaExceededException e =
        catchThrowableOfType(ServiceQuotaExceededException.class, () -> terminate(instances));
    Job fits = terminate(instances.subList(0, 2));

    // then
    assertThat(e.quotaCode()).isEqualTo("L-05AFA8C6");
    assertThat(fits.type()).isEqualTo(JobType.TERMINATE);
    assertThat(fits.participatingServers()).hasSize(2);
  }

  @Test
  void givenQuotasOverHttp_whenReadBackAndUsed_thenTheyAreInForce() throws Exception {
    // when
    HttpResponse<String> set =
        AdminHttp.send(
            http,
            simulator.endpoint(),
            "PUT",
            "/_sim/config",
            "{\"maxConcurrentJobs\": 1, \"maxServersInActiveJobs\": 300}");
    JsonNode read =
        JSON.readTree(
            AdminHttp.send(http, simulator.endpoint(), "GET", "/_sim/config", null).body());
    launch(List.of(id(1)));
    ServiceQuotaExceededException e =
        catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(List.of(id(2))));

    // then
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(read.path("maxConcurrentJobs").asInt()).isEqualTo(1);
    assertThat(read.path("maxServersInActiveJobs").asInt()).isEqualTo(300);
    assertThat(read.path("maxServersPerCall").asInt()).isEqualTo(200);
    assertThat(read.path("snapshotIntervalSeconds").asDouble()).isEqualTo(600.0);
    assertThat(e.quotaCode()).isEqualTo("L-D88FAC3A");
  }

  @Test
  void
      givenTheQuotaNamedMaxActiveServers_whenALaunchWouldExceedIt_thenRefusedAndReadBackByBothNames()
          throws Exception {
    // when
    HttpResponse<String> set =
        AdminHttp.send(
            http, simulator.endpoint(), "PUT", "/_sim/config", "{\"maxActiveServers\": 3}");
    JsonNode read = JSON.readTree(set.body());
    launch(ids(1, 2));
    ServiceQuotaExceededException e =
        catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(ids(3, 2)));

    // then
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(read.path("maxActiveServers").asInt()).isEqualTo(3);
    assertThat(read.path("maxServersInActiveJobs").asInt()).isEqualTo(3);
    assertThat(e.quotaCode()).isEqualTo("L-05AFA8C6");
    assertThat(launch(ids(3, 1)).participatingServers()).as("up to the quota").hasSize(1);
  }

  @Test
  void givenBothNamesOfTheServersQuota_whenTheyDisagree_then400AndNothingChanges()
      throws Exception {
    // when
    HttpResponse<String> refused =
        AdminHttp.send(
            http,
            simulator.endpoint(),
            "PUT",
            "/_sim/config",
            "{\"maxActiveServers\": 3, \"maxServersInActiveJobs\": 4, \"maxConcurrentJobs\": 2}");
    HttpResponse<String> agreeing =
        AdminHttp.send(
            http,
            simulator.endpoint(),
            "PUT",
            "/_sim/config",
            "{\"maxActiveServers\": 4, \"maxServersInActiveJobs\": 4}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("message").asText())
        .contains("maxActiveServers")
        .contains("maxServersInActiveJobs");
    assertThat(agreeing.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(agreeing.body()).path("maxConcurrentJobs").asInt())
        .as("the refused call changed nothing")
        .isEqualTo(20);
  }

  @Test
  void givenLaunchesRefusedForQuotaAndConflict_whenStatsAreRead_thenEachRefusalIsCounted()
      throws Exception {
    // given: one real refusal of each quota and one of a busy server, none injected
    simulator.configureLimits(new Limits(2, 200, 3));
    launch(ids(1, 2));
    catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(ids(3, 2)));
    catchThrowableOfType(ConflictException.class, () -> launch(List.of(id(1))));
    launch(List.of(id(3)));
    catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(List.of(id(4))));

    // when
    JsonNode stats =
        JSON.readTree(
            AdminHttp.send(http, simulator.endpoint(), "GET", "/_sim/stats", null).body());

    // then
    assertThat(stats.path("calls").path("StartRecovery").asLong()).isEqualTo(5);
    assertThat(
            stats
                .path("refusals")
                .path("StartRecovery")
                .path("ServiceQuotaExceededException")
                .asLong())
        .isEqualTo(2);
    assertThat(stats.path("refusals").path("StartRecovery").path("ConflictException").asLong())
        .isEqualTo(1);
    assertThat(simulator.refusalCounts())
        .isEqualTo(
            Map.of(
                "StartRecovery",
                Map.of("ServiceQuotaExceededException", 2L, "ConflictException", 1L)));
  }

  @Test
  void givenOnlyAcceptedLaunches_whenRefusalsAreRead_thenThereAreNone() {
    // when
    launch(ids(1, 2));
    clock.advanceSeconds(6);
    launch(ids(1, 2));

    // then
    assertThat(simulator.refusalCounts()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"maxActiveServers\": 0}|maxActiveServers",
        "{\"maxServersInActiveJobs\": 0}|maxServersInActiveJobs",
        "{\"maxServersInActiveJobs\": 2.5}|maxServersInActiveJobs",
        "{\"maxConcurrentJobs\": \"20\"}|maxConcurrentJobs",
        "{\"maxConcurrentJobs\": -3}|maxConcurrentJobs",
        "{\"snapshotIntervalSeconds\": 0}|snapshotIntervalSeconds",
        "{\"snapshotIntervalSeconds\": \"600\"}|snapshotIntervalSeconds",
        "{\"maxConcurrentJobs\": 5, \"snapshotIntervalSeconds\": -1}|snapshotIntervalSeconds",
      })
  void givenABadQuotaOrInterval_whenConfigured_then400NamingItAndNothingChanges(String caseText)
      throws Exception {
    // given
    String[] parts = caseText.split("\\|");

    // when
    HttpResponse<String> refused =
        AdminHttp.send(http, simulator.endpoint(), "PUT", "/_sim/config", parts[0]);
    JsonNode read =
        JSON.readTree(
            AdminHttp.send(http, simulator.endpoint(), "GET", "/_sim/config", null).body());

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("message").asText()).contains(parts[1]);
    assertThat(read.path("maxConcurrentJobs").asInt()).isEqualTo(20);
    assertThat(read.path("maxServersInActiveJobs").asInt()).isEqualTo(500);
    assertThat(read.path("snapshotIntervalSeconds").asDouble()).isEqualTo(600.0);
  }
}
