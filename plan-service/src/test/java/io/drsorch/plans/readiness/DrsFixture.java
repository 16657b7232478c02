package io.drsorch.plans.readiness;

import static io.restassured.RestAssured.given;

import io.drsorch.plans.KafkaTestResource;
import io.drsorch.simulator.DrsSimulator;
import io.drsorch.simulator.servers.ReplicationState;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * Servers and plans in the DRS simulator the service under test talks to: each test makes its own
 * servers (the simulator is shared by every test class), and reaches DRS itself, for what a test
 * sets up there (a running job), through the real AWS SDK client.
 */
final class DrsFixture {

  static final String REGION = "us-east-1";

  private DrsFixture() {}

  static DrsSimulator simulator() {
    return KafkaTestResource.simulator;
  }

  /** A source server id no other test uses: {@code s-} and 17 letters or digits. */
  static String newServerId() {
    return "s-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
  }

  /** {@code count} servers replicating in {@code state} with {@code lag}. */
  static List<String> servers(int count, ReplicationState state, Duration lag) {
    List<String> ids =
        java.util.stream.Stream.generate(DrsFixture::newServerId).limit(count).toList();
    simulator().addSourceServers(REGION, ids, state, lag);
    return ids;
  }

  static String server(ReplicationState state, Duration lag) {
    return servers(1, state, lag).get(0);
  }

  /** The SDK's DRS client on the simulator, as the other services' tests make it. */
  static DrsClient drs() {
    return DrsClient.builder()
        .region(Region.of(REGION))
        .endpointOverride(simulator().endpoint())
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * Stores a plan of one wave per list of servers (waves {@code w0}, {@code w1}, ...), with the
   * plan-level options given as JSON fields (e.g. {@code "maxReplicationLagMinutes": 10}), and
   * answers its id.
   */
  static String plan(String options, List<List<String>> waves) {
    String planId = "ready-" + UUID.randomUUID().toString().substring(0, 8);
    StringBuilder body = new StringBuilder("{\"name\": \"Readiness\", ");
    if (!options.isBlank()) {
      body.append(options).append(", ");
    }
    body.append("\"waves\": [");
    for (int i = 0; i < waves.size(); i++) {
      body.append(i == 0 ? "" : ", ")
          .append("{\"id\": \"w")
          .append(i)
          .append("\", \"region\": \"")
          .append(REGION)
          .append("\", \"sourceServerIds\": ")
          .append(
              waves.get(i).stream()
                  .map(s -> "\"" + s + "\"")
                  .collect(Collectors.joining(", ", "[", "]")))
          .append(i == 0 ? ", \"dependsOn\": []}" : ", \"dependsOn\": [\"w" + (i - 1) + "\"]}");
    }
    body.append("]}");
    given()
        .contentType(ContentType.JSON)
        .body(body.toString())
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);
    return planId;
  }

  static String plan(List<String> servers) {
    return plan("", List.of(servers));
  }
}
