package io.drsorch.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code eventbridge-wiring.yaml} read by a plain YAML parser (which also proves it needs no
 * CloudFormation short-form tags), checked to wire what {@link WireEventBridge} wires.
 */
class CloudFormationTemplateTest {

  private static final Path TEMPLATE = Path.of("eventbridge-wiring.yaml");
  private static JsonNode template;

  @BeforeAll
  static void readTemplate() throws IOException {
    template = new ObjectMapper(new YAMLFactory()).readTree(TEMPLATE.toFile());
  }

  @Test
  void givenTemplate_whenRead_thenHasTheFourResourcesOfTheirTypes() {
    // when
    Map<String, String> types = resourceTypes();

    // then
    assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
    assertThat(types)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "WatcherConnection", "AWS::Events::Connection",
                "WatcherApiDestination", "AWS::Events::ApiDestination",
                "InvokeWatcherRole", "AWS::IAM::Role",
                "DrsLaunchResultsRule", "AWS::Events::Rule"));
  }

  @Test
  void givenTemplate_whenRead_thenTheApiKeyIsANoEchoParameterInTheConnectionHeader() {
    // when
    JsonNode parameters = template.path("Parameters");
    JsonNode connection = properties("WatcherConnection");

    // then
    assertThat(parameters.path("ApiKey").path("NoEcho").asBoolean()).isTrue();
    assertThat(parameters.path("ApiKey").has("Default")).isFalse();
    assertThat(parameters.path("ApiKeyHeader").path("Default").asText()).isEqualTo("x-api-key");
    assertThat(parameters.path("WatcherUrl").path("Type").asText()).isEqualTo("String");
    assertThat(connection.path("AuthorizationType").asText()).isEqualTo("API_KEY");
    JsonNode apiKey = connection.path("AuthParameters").path("ApiKeyAuthParameters");
    assertThat(apiKey.path("ApiKeyName").path("Ref").asText()).isEqualTo("ApiKeyHeader");
    assertThat(apiKey.path("ApiKeyValue").path("Ref").asText()).isEqualTo("ApiKey");
  }

  @Test
  void givenTemplate_whenRead_thenTheDestinationPostsToTheWatchersEventsPath() {
    // when
    JsonNode destination = properties("WatcherApiDestination");

    // then
    assertThat(destination.path("InvocationEndpoint").path("Fn::Sub").asText())
        .isEqualTo("${WatcherUrl}" + WiringOptions.EVENTS_PATH);
    assertThat(destination.path("HttpMethod").asText()).isEqualTo("POST");
    assertThat(getAtt(destination.path("ConnectionArn")))
        .containsExactly("WatcherConnection", "Arn");
  }

  @Test
  void givenTemplate_whenRead_thenTheRuleMatchesDrsLaunchResultsAndTargetsTheDestination()
      throws IOException {
    // when
    JsonNode rule = properties("DrsLaunchResultsRule");

    // then: the same pattern the command puts
    assertThat(rule.path("EventPattern"))
        .isEqualTo(new ObjectMapper().readTree(RuleWiring.EVENT_PATTERN));
    assertThat(rule.path("State").asText()).isEqualTo("ENABLED");
    assertThat(rule.path("Targets")).hasSize(1);
    JsonNode target = rule.path("Targets").get(0);
    assertThat(target.path("Id").asText()).isEqualTo("job-watcher");
    assertThat(getAtt(target.path("Arn"))).containsExactly("WatcherApiDestination", "Arn");
    assertThat(getAtt(target.path("RoleArn"))).containsExactly("InvokeWatcherRole", "Arn");
  }

  @Test
  void givenTemplate_whenRead_thenTheRoleMayOnlyInvokeTheDestinationAndOnlyEventBridgeAssumesIt() {
    // when
    JsonNode role = properties("InvokeWatcherRole");

    // then
    JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement").get(0);
    assertThat(trust.path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");
    assertThat(trust.path("Action").asText()).isEqualTo("sts:AssumeRole");
    assertThat(role.path("Policies")).hasSize(1);
    JsonNode statements = role.path("Policies").get(0).path("PolicyDocument").path("Statement");
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0).path("Action").asText()).isEqualTo("events:InvokeApiDestination");
    assertThat(statements.get(0).path("Resource").path("Fn::Sub").asText())
        .endsWith(":api-destination/${WatcherApiDestination}/*");
  }

  @Test
  void givenTemplate_whenRead_thenOutputsTheArns() {
    // when
    JsonNode outputs = template.path("Outputs");

    // then
    assertThat(getAtt(outputs.path("ConnectionArn").path("Value")))
        .containsExactly("WatcherConnection", "Arn");
    assertThat(getAtt(outputs.path("ApiDestinationArn").path("Value")))
        .containsExactly("WatcherApiDestination", "Arn");
    assertThat(getAtt(outputs.path("RuleArn").path("Value")))
        .containsExactly("DrsLaunchResultsRule", "Arn");
    assertThat(getAtt(outputs.path("InvokeRoleArn").path("Value")))
        .containsExactly("InvokeWatcherRole", "Arn");
  }

  @Test
  void givenTemplate_whenEveryRefIsCollected_thenEachNamesAParameterResourceOrPseudoParameter() {
    // given
    List<String> refs = new ArrayList<>();
    collectRefs(template.path("Resources"), refs);
    collectRefs(template.path("Outputs"), refs);

    // then
    assertThat(refs).isNotEmpty();
    assertThat(refs)
        .allSatisfy(
            ref ->
                assertThat(
                        template.path("Parameters").has(ref)
                            || template.path("Resources").has(ref)
                            || ref.startsWith("AWS::"))
                    .as(ref)
                    .isTrue());
  }

  private static Map<String, String> resourceTypes() {
    Map<String, String> types = new HashMap<>();
    template
        .path("Resources")
        .properties()
        .forEach(e -> types.put(e.getKey(), e.getValue().path("Type").asText()));
    return types;
  }

  private static JsonNode properties(String resource) {
    return template.path("Resources").path(resource).path("Properties");
  }

  private static List<String> getAtt(JsonNode node) {
    List<String> parts = new ArrayList<>();
    node.path("Fn::GetAtt").forEach(p -> parts.add(p.asText()));
    return parts;
  }

  /** Every {@code Ref:} and every {@code ${Name}} in a {@code Fn::Sub:} string. */
  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("Ref")) {
                  refs.add(e.getValue().asText());
                } else if (e.getKey().equals("Fn::Sub") && e.getValue().isTextual()) {
                  Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(e.getValue().asText());
                  while (m.find()) {
                    refs.add(m.group(1));
                  }
                } else {
                  collectRefs(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }
}
