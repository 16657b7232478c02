package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static io.drsorch.simulator.StsClients.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.StsClients.AssumedRole;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.SourceServer;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The admin API's account and STS additions over plain HTTP, as the local stack uses them: servers
 * registered in a named account, roles STS refuses, the accounts health lists, AssumeRole counts.
 */
class AccountsAdminApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private DrsClient drs;
  private StsClient sts;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0);
    drs = DrsClients.withoutRetries(simulator.endpoint());
    sts = StsClients.withoutRetries(simulator);
  }

  @AfterEach
  void stop() {
    sts.close();
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

  private JsonNode health() throws Exception {
    HttpResponse<String> health = call("GET", "/_sim/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    return json(health);
  }

  @Test
  void givenAFreshSimulator_whenHealthIsRead_thenItListsOnlyTheDefaultAccount() throws Exception {
    // when
    JsonNode health = health();

    // then
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("defaultAccountId").asText()).isEqualTo("123456789012");
    assertThat(health.path("accounts").toString()).isEqualTo("[\"123456789012\"]");
  }

  @Test
  void givenAnAccountId_whenServersAddedOverHttp_thenOnlyThatAccountsCredentialsSeeThem()
      throws Exception {
    // when
    HttpResponse<String> added =
        call(
            "POST",
            "/_sim/source-servers",
            "{\"sourceServerIDs\": [\""
                + id(5)
                + "\"], \"region\": \"us-east-1\", \"accountId\": \"111122223333\"}");

    // then
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(json(added).path("accountId").asText()).isEqualTo("111122223333");
    assertThat(json(added).path("added").asInt()).isEqualTo(1);
    assertThat(drs.describeSourceServers(r -> {}).items()).isEmpty();
    try (AssumedRole assumed = StsClients.assumingRole(simulator, ROLE_ARN, "admin-test")) {
      assertThat(assumed.drs().describeSourceServers(r -> {}).items())
          .extracting(SourceServer::sourceServerID)
          .containsExactly(id(5));
    }
    assertThat(health().path("accounts").toString())
        .isEqualTo("[\"123456789012\",\"111122223333\"]");
  }

  @Test
  void givenNoAccountId_whenServersAddedOverHttp_thenTheyAreTheDefaultAccounts() throws Exception {
    // when
    HttpResponse<String> added =
        call("POST", "/_sim/source-servers", "{\"sourceServerIDs\": [\"" + id(6) + "\"]}");

    // then
    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(json(added).path("accountId").asText()).isEqualTo("123456789012");
    assertThat(drs.describeSourceServers(r -> {}).items())
        .extracting(SourceServer::sourceServerID)
        .containsExactly(id(6));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"12345\"", "\"11112222333a\"", "\"1111222233334\"", "111122223333"})
  void givenAMalformedAccountId_whenServersAdded_then400AndNoAccountIsCreated(String accountId)
      throws Exception {
    // when
    HttpResponse<String> refused =
        call(
            "POST",
            "/_sim/source-servers",
            "{\"sourceServerIDs\": [\"" + id(7) + "\"], \"accountId\": " + accountId + "}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText()).startsWith("accountId");
    assertThat(health().path("accounts").toString()).isEqualTo("[\"123456789012\"]");
  }

  @Test
  void givenADeniedRoleOverHttp_whenAssumed_thenAccessDeniedUntilTheListIsCleared()
      throws Exception {
    // given
    HttpResponse<String> denied =
        call("POST", "/_sim/sts/denied-roles", "{\"roleArn\": \"" + ROLE_ARN + "\"}");

    // when
    StsException e =
        catchThrowableOfType(
            StsException.class,
            () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("denied")));
    HttpResponse<String> listed = call("GET", "/_sim/sts/denied-roles", null);
    HttpResponse<String> cleared = call("DELETE", "/_sim/sts/denied-roles", null);

    // then
    assertThat(denied.statusCode()).isEqualTo(200);
    assertThat(json(denied).path("deniedRoles").toString()).isEqualTo("[\"" + ROLE_ARN + "\"]");
    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    assertThat(e.awsErrorDetails().errorMessage()).endsWith("on resource: " + ROLE_ARN);
    assertThat(json(listed).path("deniedRoles").toString()).isEqualTo("[\"" + ROLE_ARN + "\"]");
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(json(cleared).path("deniedRoles").toString()).isEqualTo("[]");
    assertThat(
            sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("allowed"))
                .assumedRoleUser()
                .arn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/drs-orchestrator/allowed");
  }

  @Test
  void givenAMalformedOrMissingRoleArn_whenDenied_then400() throws Exception {
    // when
    HttpResponse<String> malformed =
        call("POST", "/_sim/sts/denied-roles", "{\"roleArn\": \"arn:aws:iam::1:role/x\"}");
    HttpResponse<String> missing = call("POST", "/_sim/sts/denied-roles", "{}");

    // then
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).path("message").asText())
        .isEqualTo(
            "roleArn 'arn:aws:iam::1:role/x' must be arn:aws:iam::<12-digit account"
                + " id>:role/<role name>");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).path("message").asText()).isEqualTo("roleArn is required");
    assertThat(json(call("GET", "/_sim/sts/denied-roles", null)).path("deniedRoles").toString())
        .isEqualTo("[]");
  }

  @Test
  void givenAssumeRoleCalls_whenStatsAreRead_thenAssumeRoleIsCountedWithTheDrsOperations()
      throws Exception {
    // given
    sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("one"));
    catchThrowableOfType(
        StsException.class, () -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("x")));
    drs.describeJobs(r -> {});

    // when
    JsonNode calls = json(call("GET", "/_sim/stats", null)).path("calls");
    JsonNode reset = json(call("DELETE", "/_sim/stats", null)).path("calls");

    // then
    assertThat(calls.path("AssumeRole").asLong()).isEqualTo(2);
    assertThat(calls.path("DescribeJobs").asLong()).isEqualTo(1);
    assertThat(reset.size()).isZero();
  }
}
