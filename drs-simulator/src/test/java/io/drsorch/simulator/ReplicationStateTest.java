package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DataReplicationInfo;
import software.amazon.awssdk.services.drs.model.DataReplicationState;
import software.amazon.awssdk.services.drs.model.DescribeSourceServersRequestFilters;

/**
 * Replication state and lag per source server: set over the admin API, read through the real
 * DrsClient in {@code dataReplicationInfo}.
 */
class ReplicationStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return AdminHttp.send(http, simulator.endpoint(), method, path, body);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private DataReplicationInfo replication(String server) {
    return drs.describeSourceServers(
            r ->
                r.filters(
                    DescribeSourceServersRequestFilters.builder().sourceServerIDs(server).build()))
        .items()
        .get(0)
        .dataReplicationInfo();
  }

  @Test
  void givenServersAddedWithoutAState_whenDescribed_thenTheyReplicateContinuouslyWithoutLag()
      throws Exception {
    // given
    call("POST", "/_sim/source-servers", "{\"sourceServerIDs\": [\"" + id(1) + "\"]}");

    // when
    DataReplicationInfo info = replication(id(1));

    // then
    assertThat(info.dataReplicationState()).isEqualTo(DataReplicationState.CONTINUOUS);
    assertThat(info.lagDuration()).isEqualTo("PT0S");
  }

  @Test
  void givenServersAddedWithAStateAndALag_whenDescribed_thenEachOfThemHasBoth() throws Exception {
    // when
    HttpResponse<String> added =
        call(
            "POST",
            "/_sim/source-servers",
            "{\"sourceServerIDs\": [\""
                + id(1)
                + "\", \""
                + id(2)
                + "\"], \"replicationState\": \"STALLED\", \"lagSeconds\": 1230}");

    // then
    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
    for (String server : List.of(id(1), id(2))) {
      DataReplicationInfo info = replication(server);
      assertThat(info.dataReplicationState()).isEqualTo(DataReplicationState.STALLED);
      assertThat(info.lagDuration()).isEqualTo("PT20M30S");
    }
  }

  @Test
  void givenAKnownServer_whenAddedAgainWithAState_thenItTakesThatState() throws Exception {
    // given
    simulator.addSourceServers("us-east-1", List.of(id(1)));

    // when
    HttpResponse<String> added =
        call(
            "POST",
            "/_sim/source-servers",
            "{\"sourceServerIDs\": [\"" + id(1) + "\"], \"replicationState\": \"BACKLOG\"}");

    // then
    assertThat(json(added).path("added").asInt()).isZero();
    assertThat(replication(id(1)).dataReplicationState()).isEqualTo(DataReplicationState.BACKLOG);
    assertThat(replication(id(1)).lagDuration()).isEqualTo("PT0S");
  }

  @Test
  void givenTwoServers_whenOnesStateAndLagArePut_thenOnlyThatOneChanges() throws Exception {
    // given
    simulator.addSourceServers("us-east-1", List.of(id(1), id(2)));

    // when
    HttpResponse<String> changed =
        call(
            "PUT",
            "/_sim/source-servers/" + id(1),
            "{\"replicationState\": \"STALLED\", \"lagSeconds\": 3600}");

    // then
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    JsonNode answer = json(changed);
    assertThat(answer.path("sourceServerID").asText()).isEqualTo(id(1));
    assertThat(answer.path("region").asText()).isEqualTo("us-east-1");
    assertThat(answer.path("accountId").asText()).isEqualTo("123456789012");
    assertThat(answer.path("replicationState").asText()).isEqualTo("STALLED");
    assertThat(answer.path("lagSeconds").asDouble()).isEqualTo(3600.0);
    assertThat(answer.path("lastSnapshotDateTime").asText()).isEqualTo("2026-11-22T10:00:00.000Z");
    assertThat(replication(id(1)).dataReplicationState()).isEqualTo(DataReplicationState.STALLED);
    assertThat(replication(id(1)).lagDuration()).isEqualTo("PT1H");
    assertThat(replication(id(2)).dataReplicationState())
        .isEqualTo(DataReplicationState.CONTINUOUS);
    assertThat(replication(id(2)).lagDuration()).isEqualTo("PT0S");
  }

  @Test
  void givenAStalledServer_whenOnlyItsLagIsPut_thenItStaysStalled() throws Exception {
    // given
    call(
        "POST",
        "/_sim/source-servers",
        "{\"sourceServerIDs\": [\"" + id(1) + "\"], \"replicationState\": \"STALLED\"}");

    // when
    HttpResponse<String> changed =
        call("PUT", "/_sim/source-servers/" + id(1), "{\"lagSeconds\": 90.5}");

    // then
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(replication(id(1)).dataReplicationState()).isEqualTo(DataReplicationState.STALLED);
    assertThat(replication(id(1)).lagDuration()).isEqualTo("PT1M30.5S");
  }

  @Test
  void givenADisconnectedServer_whenDescribed_thenItHasNoLag() throws Exception {
    // given
    simulator.addSourceServers("us-east-1", List.of(id(1)));

    // when: the model's DisconnectSourceServer nullifies lagDuration
    call(
        "PUT",
        "/_sim/source-servers/" + id(1),
        "{\"replicationState\": \"DISCONNECTED\", \"lagSeconds\": 600}");

    // then
    assertThat(replication(id(1)).dataReplicationState())
        .isEqualTo(DataReplicationState.DISCONNECTED);
    assertThat(replication(id(1)).lagDuration()).isNull();
  }

  @Test
  void givenEveryStateOfTheSdk_whenSet_thenEachIsReadBackAsThatState() throws Exception {
    // given
    simulator.addSourceServers("us-east-1", List.of(id(1)));
    List<DataReplicationState> states =
        Arrays.stream(DataReplicationState.values())
            .filter(s -> s != DataReplicationState.UNKNOWN_TO_SDK_VERSION)
            .toList();

    // when / then
    assertThat(states).hasSize(10);
    for (DataReplicationState state : states) {
      HttpResponse<String> changed =
          call("PUT", "/_sim/source-servers/" + id(1), "{\"replicationState\": \"" + state + "\"}");
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
      assertThat(replication(id(1)).dataReplicationState()).isEqualTo(state);
    }
  }

  @Test
  void givenAServerOfAnotherRegionOrAccount_whenPut_then404NamingWhereItWasLookedFor()
      throws Exception {
    // given
    simulator.addSourceServers("us-east-1", List.of(id(1)));
    simulator.addSourceServers("111122223333", "us-east-1", List.of(id(2)));

    // when
    HttpResponse<String> unknown =
        call("PUT", "/_sim/source-servers/" + id(9), "{\"replicationState\": \"STALLED\"}");
    HttpResponse<String> otherRegion =
        call(
            "PUT",
            "/_sim/source-servers/" + id(1),
            "{\"replicationState\": \"STALLED\", \"region\": \"eu-west-1\"}");
    HttpResponse<String> otherAccount =
        call(
            "PUT",
            "/_sim/source-servers/" + id(1),
            "{\"replicationState\": \"STALLED\", \"accountId\": \"111122223333\"}");
    HttpResponse<String> neverUsedAccount =
        call(
            "PUT",
            "/_sim/source-servers/" + id(1),
            "{\"replicationState\": \"STALLED\", \"accountId\": \"444455556666\"}");

    // then
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("message").asText())
        .contains(id(9))
        .contains("us-east-1")
        .contains("123456789012");
    assertThat(otherRegion.statusCode()).isEqualTo(404);
    assertThat(json(otherRegion).path("message").asText()).contains("eu-west-1");
    assertThat(otherAccount.statusCode()).isEqualTo(404);
    assertThat(neverUsedAccount.statusCode()).isEqualTo(404);
    assertThat(simulator.accountIds()).doesNotContain("444455556666");
    assertThat(replication(id(1)).dataReplicationState())
        .isEqualTo(DataReplicationState.CONTINUOUS);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"replicationState\": \"SLEEPY\"}|replicationState",
        "{\"replicationState\": 3}|replicationState",
        "{\"lagSeconds\": -1}|lagSeconds",
        "{\"lagSeconds\": \"60\"}|lagSeconds",
        "{\"replicatonState\": \"STALLED\"}|replicatonState",
        "{}|replicationState",
        "{\"replicationState\": \"STALLED\", \"region\": \"mars-1\"}|region",
      })
  void givenABadField_whenPut_then400NamingItAndNothingChanges(String body, String named)
      throws Exception {
    // given
    simulator.addSourceServers("us-east-1", List.of(id(1)));

    // when
    HttpResponse<String> refused = call("PUT", "/_sim/source-servers/" + id(1), body);

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText()).contains(named);
    assertThat(replication(id(1)).dataReplicationState())
        .isEqualTo(DataReplicationState.CONTINUOUS);
    assertThat(replication(id(1)).lagDuration()).isEqualTo("PT0S");
  }

  @Test
  void givenABadStateWhenAdding_whenPosted_then400AndNoServerIsAdded() throws Exception {
    // when
    HttpResponse<String> refused =
        call(
            "POST",
            "/_sim/source-servers",
            "{\"sourceServerIDs\": [\"" + id(1) + "\"], \"replicationState\": \"HEALTHY\"}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText())
        .contains("replicationState")
        .contains("HEALTHY")
        .contains("CONTINUOUS");
    assertThat(drs.describeSourceServers(r -> {}).items()).isEmpty();
  }

  @Test
  void givenAMalformedServerIdInThePath_whenPut_then400() throws Exception {
    // when
    HttpResponse<String> refused =
        call("PUT", "/_sim/source-servers/s-nope", "{\"replicationState\": \"STALLED\"}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText()).contains("s-nope");
  }
}
