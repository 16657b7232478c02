package io.drsorch.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command through the real AWS SDK against {@link FakeEventBridge}: what EventBridge receives
 * on a first run, on a repeated run and after a change, and what the operator reads.
 */
class WireEventBridgeTest {

  private static final String REGION = "eu-west-1";
  private static final String WATCHER_URL = "https://watcher.example.com";
  private static final String API_KEY = "0123456789abcdef0123456789abcdef";
  private static final String ROLE_ARN =
      "arn:aws:iam::123456789012:role/drs-orchestrator-eventbridge";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> WRITES =
      List.of(
          "CreateConnection",
          "UpdateConnection",
          "CreateApiDestination",
          "UpdateApiDestination",
          "PutRule",
          "PutTargets");

  private static String previousAccessKey;
  private static String previousSecretKey;

  private FakeEventBridge eventBridge;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void credentials() {
    // The command reads the AWS default credentials chain; system properties come first in it.
    previousAccessKey = System.setProperty("aws.accessKeyId", "test");
    previousSecretKey = System.setProperty("aws.secretAccessKey", "test");
  }

  @AfterAll
  static void restoreCredentials() {
    restore("aws.accessKeyId", previousAccessKey);
    restore("aws.secretAccessKey", previousSecretKey);
  }

  @BeforeEach
  void startEventBridge() throws Exception {
    eventBridge = FakeEventBridge.start();
  }

  @AfterEach
  void stopEventBridge() {
    eventBridge.close();
  }

  @Test
  void givenNothingWired_whenRun_thenCreatesConnectionDestinationRuleAndTarget() throws Exception {
    // given an empty account

    // when
    int exit = run(args(WATCHER_URL));

    // then
    assertThat(exit).as(err()).isZero();
    assertThat(writes())
        .containsExactly("CreateConnection", "CreateApiDestination", "PutRule", "PutTargets");

    JsonNode connection = only("CreateConnection");
    assertThat(connection.path("Name").asText()).isEqualTo("drs-orchestrator-job-watcher");
    assertThat(connection.path("AuthorizationType").asText()).isEqualTo("API_KEY");
    JsonNode apiKey = connection.path("AuthParameters").path("ApiKeyAuthParameters");
    assertThat(apiKey.path("ApiKeyName").asText()).isEqualTo("x-api-key");
    assertThat(apiKey.path("ApiKeyValue").asText()).isEqualTo(API_KEY);

    JsonNode destination = only("CreateApiDestination");
    assertThat(destination.path("InvocationEndpoint").asText())
        .isEqualTo("https://watcher.example.com/events/drs");
    assertThat(destination.path("HttpMethod").asText()).isEqualTo("POST");
    assertThat(destination.path("InvocationRateLimitPerSecond").asInt()).isEqualTo(300);
    assertThat(destination.path("ConnectionArn").asText())
        .startsWith(
            "arn:aws:events:eu-west-1:123456789012:connection/drs-orchestrator-job-watcher/");

    JsonNode rule = only("PutRule");
    assertThat(rule.path("Name").asText()).isEqualTo("drs-orchestrator-drs-launch-results");
    assertThat(rule.path("EventBusName").asText()).isEqualTo("default");
    assertThat(rule.path("State").asText()).isEqualTo("ENABLED");
    assertThat(JSON.readTree(rule.path("EventPattern").asText()))
        .isEqualTo(
            JSON.readTree(
                "{\"detail-type\": [\"DRS Source Server Launch Result\"], \"source\": [\"aws.drs\"]}"));

    JsonNode targets = only("PutTargets");
    assertThat(targets.path("Rule").asText()).isEqualTo("drs-orchestrator-drs-launch-results");
    assertThat(targets.path("Targets")).hasSize(1);
    JsonNode target = targets.path("Targets").get(0);
    assertThat(target.path("Id").asText()).isEqualTo("job-watcher");
    assertThat(target.path("Arn").asText())
        .startsWith(
            "arn:aws:events:eu-west-1:123456789012:api-destination/drs-orchestrator-job-watcher/");
    assertThat(target.path("RoleArn").asText()).isEqualTo(ROLE_ARN);
    assertThat(target.has("Input")).isFalse();

    assertThat(out()).contains("connection", "api destination", "rule", "target");
    assertThat(actions()).containsExactly("created", "created", "created", "created");
    assertThat(out() + err()).doesNotContain(API_KEY);
  }

  @Test
  void givenWiredAlready_whenRunAgain_thenWritesNothing() {
    // given
    assertThat(run(args(WATCHER_URL))).isZero();
    eventBridge.forgetCalls();

    // when
    int exit = run(args(WATCHER_URL));

    // then
    assertThat(exit).as(err()).isZero();
    assertThat(eventBridge.operations())
        .containsExactly(
            "DescribeConnection", "DescribeApiDestination", "DescribeRule", "ListTargetsByRule");
    assertThat(actions()).containsExactly("unchanged", "unchanged", "unchanged", "unchanged");
  }

  @Test
  void givenWired_whenWatcherUrlChanges_thenOnlyTheDestinationIsUpdated() {
    // given
    assertThat(run(args(WATCHER_URL))).isZero();
    String destinationArn = only("CreateApiDestination").path("ConnectionArn").asText();
    eventBridge.forgetCalls();

    // when
    int exit = run(args("https://watcher-b.example.com/base/"));

    // then
    assertThat(exit).as(err()).isZero();
    assertThat(writes()).containsExactly("UpdateApiDestination");
    JsonNode update = only("UpdateApiDestination");
    assertThat(update.path("InvocationEndpoint").asText())
        .isEqualTo("https://watcher-b.example.com/base/events/drs");
    assertThat(update.path("HttpMethod").asText()).isEqualTo("POST");
    assertThat(update.path("ConnectionArn").asText()).isEqualTo(destinationArn);
    assertThat(actions()).containsExactly("unchanged", "updated", "unchanged", "unchanged");
    assertThat(out()).containsPattern("api destination .* updated .*\\(invocation endpoint\\)");
  }

  @Test
  void givenWired_whenApiKeyChanges_thenOnlyTheConnectionIsUpdated() {
    // given
    assertThat(run(args(WATCHER_URL))).isZero();
    eventBridge.forgetCalls();
    String rotated = "fedcba9876543210fedcba9876543210";

    // when: the key comes from the environment this time
    int exit =
        run(
            List.of(
                "--region",
                REGION,
                "--watcher-url",
                WATCHER_URL,
                "--role-arn",
                ROLE_ARN,
                "--api-key-env",
                "WATCHER_KEY"),
            Map.of("WATCHER_KEY", rotated));

    // then
    assertThat(exit).as(err()).isZero();
    assertThat(writes()).containsExactly("UpdateConnection");
    JsonNode apiKey = only("UpdateConnection").path("AuthParameters").path("ApiKeyAuthParameters");
    assertThat(apiKey.path("ApiKeyName").asText()).isEqualTo("x-api-key");
    assertThat(apiKey.path("ApiKeyValue").asText()).isEqualTo(rotated);
    assertThat(eventBridge.secretOf("drs-orchestrator-job-watcher")).isEqualTo(rotated);
    assertThat(out()).doesNotContain(rotated).doesNotContain(API_KEY);
  }

  @Test
  void givenRuleDisabledByHand_whenRun_thenRuleIsEnabledAgain() {
    // given
    assertThat(run(args(WATCHER_URL))).isZero();
    eventBridge.disableRule("default", "drs-orchestrator-drs-launch-results");
    eventBridge.forgetCalls();

    // when
    int exit = run(args(WATCHER_URL));

    // then
    assertThat(exit).as(err()).isZero();
    assertThat(writes()).containsExactly("PutRule");
    assertThat(only("PutRule").path("State").asText()).isEqualTo("ENABLED");
    assertThat(out()).contains("(state DISABLED)");
  }

  @Test
  void givenOtherPrefixHeaderAndBus_whenRun_thenNamesAndHeaderFollowThem() {
    // given
    List<String> args = new ArrayList<>(args(WATCHER_URL));
    args.addAll(
        List.of(
            "--name-prefix=dr-prod",
            "--api-key-header",
            "X-Watcher-Key",
            "--event-bus",
            "drs-bus",
            "--invocation-rate-limit",
            "50"));

    // when
    int exit = run(args, Map.of());

    // then
    assertThat(exit).as(err()).isZero();
    JsonNode connection = only("CreateConnection");
    assertThat(connection.path("Name").asText()).isEqualTo("dr-prod-job-watcher");
    assertThat(connection.at("/AuthParameters/ApiKeyAuthParameters/ApiKeyName").asText())
        .isEqualTo("X-Watcher-Key");
    assertThat(only("CreateApiDestination").path("InvocationRateLimitPerSecond").asInt())
        .isEqualTo(50);
    assertThat(only("PutRule").path("EventBusName").asText()).isEqualTo("drs-bus");
    assertThat(only("PutTargets").path("EventBusName").asText()).isEqualTo("drs-bus");
  }

  @Test
  void givenMissingWatcherUrl_whenRun_thenUsageErrorAndExitTwo() {
    // given
    List<String> args =
        List.of(
            "--region",
            REGION,
            "--api-key",
            API_KEY,
            "--role-arn",
            ROLE_ARN,
            "--endpoint",
            eventBridge.endpoint().toString());

    // when
    int exit = run(args, Map.of());

    // then
    assertThat(exit).isEqualTo(2);
    assertThat(err()).startsWith("error: missing option --watcher-url").contains("usage:");
    assertThat(eventBridge.calls()).isEmpty();
  }

  @Test
  void givenPlainHttpWatcherUrl_whenRun_thenUsageErrorAndExitTwo() {
    // when
    int exit = run(args("http://watcher.example.com"));

    // then
    assertThat(exit).isEqualTo(2);
    assertThat(err()).startsWith("error: --watcher-url: must be an https:// URL");
    assertThat(eventBridge.calls()).isEmpty();
  }

  @Test
  void givenUnsetApiKeyVariable_whenRun_thenUsageErrorAndExitTwo() {
    // when
    int exit =
        run(
            List.of(
                "--region",
                REGION,
                "--watcher-url",
                WATCHER_URL,
                "--role-arn",
                ROLE_ARN,
                "--api-key-env",
                "NOT_SET"),
            Map.of());

    // then
    assertThat(exit).isEqualTo(2);
    assertThat(err()).startsWith("error: --api-key-env: environment variable NOT_SET is not set");
  }

  @Test
  void givenEventBridgeDeniesAccess_whenRun_thenOneLineErrorAndExitOne() {
    // given
    eventBridge.denyAccessTo("CreateConnection");

    // when
    int exit = run(args(WATCHER_URL));

    // then
    assertThat(exit).isEqualTo(1);
    assertThat(err().lines()).hasSize(1);
    assertThat(err())
        .startsWith("error: EventBridge AccessDeniedException: User is not authorized")
        .doesNotContain("at software.amazon");
  }

  @Test
  void givenHelp_whenRun_thenUsageOnStdoutAndExitZero() {
    // when
    int exit = run(List.of("--help"), Map.of());

    // then
    assertThat(exit).isZero();
    assertThat(out()).startsWith("usage: wire-eventbridge").contains("--api-key-env NAME");
  }

  private List<String> args(String watcherUrl) {
    return List.of(
        "--region", REGION,
        "--watcher-url", watcherUrl,
        "--api-key", API_KEY,
        "--role-arn", ROLE_ARN,
        "--endpoint", eventBridge.endpoint().toString());
  }

  private int run(List<String> args) {
    return run(args, Map.of());
  }

  private int run(List<String> args, Map<String, String> env) {
    List<String> all = new ArrayList<>(args);
    if (!all.contains("--endpoint") && !all.contains("--help")) {
      all.addAll(List.of("--endpoint", eventBridge.endpoint().toString()));
    }
    out.reset();
    err.reset();
    return WireEventBridge.run(
        all.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        env::get);
  }

  private List<String> writes() {
    return eventBridge.operations().stream().filter(WRITES::contains).toList();
  }

  private JsonNode only(String operation) {
    List<FakeEventBridge.Call> calls = eventBridge.calls(operation);
    assertThat(calls).as(operation).hasSize(1);
    return calls.get(0).body();
  }

  /** The action column of each resource line, in order. */
  private List<String> actions() {
    return out()
        .lines()
        .map(l -> l.replaceAll(".*\\s(created|updated|unchanged)(\\s.*)?$", "$1"))
        .filter(List.of("created", "updated", "unchanged")::contains)
        .toList();
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}
