package io.drsorch.planmodel.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import io.drsorch.planmodel.validation.ValidationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict reader: duplicate keys, unknown fields, no coercion, in JSON and YAML alike. */
class DraftReaderTest {

  private static final BodyFormat JSON = BodyFormat.JSON;
  private static final BodyFormat YAML = BodyFormat.YAML;

  private final DraftReader bodies = new DraftReader();

  private ValidationError errorOf(String body, BodyFormat format) {
    try {
      bodies.read(body, format, PlanDraft.class);
    } catch (InvalidRequestException e) {
      assertThat(e.errors()).hasSize(1);
      return e.errors().get(0);
    }
    throw new AssertionError("read without an error: " + body);
  }

  @Test
  void givenADuplicateKeyInAWave_whenReadAsJson_thenErrorAtThatKey() {
    // given
    String body =
        "{\"name\": \"p\", \"waves\": [{\"id\": \"db\"},"
            + " {\"id\": \"app\", \"dependsOn\": [\"db\"], \"dependsOn\": []}]}";

    // when / then
    assertThat(errorOf(body, JSON))
        .isEqualTo(new ValidationError("waves[1].dependsOn", "duplicate key 'dependsOn'"));
  }

  @Test
  void givenADuplicateKeyInAWave_whenReadAsYaml_thenErrorAtThatKey() {
    // given
    String body =
        """
        name: p
        waves:
          - id: db
          - id: app
            dependsOn: [db]
            dependsOn: []
        """;

    // when / then
    assertThat(errorOf(body, YAML))
        .isEqualTo(new ValidationError("waves[1].dependsOn", "duplicate key 'dependsOn'"));
  }

  @Test
  void givenADuplicateKeyAtTheTop_whenRead_thenErrorAtThatKey() {
    assertThat(errorOf("{\"name\": \"a\", \"name\": \"b\"}", JSON))
        .isEqualTo(new ValidationError("name", "duplicate key 'name'"));
    assertThat(errorOf("name: a\nname: b\n", YAML))
        .isEqualTo(new ValidationError("name", "duplicate key 'name'"));
  }

  @Test
  void givenADuplicateKey_whenReadAsATree_thenRefusedToo() {
    // drctl reads definition files as trees first
    assertThatThrownBy(() -> bodies.read("{\"a\": 1, \"a\": 2}", JSON, JsonNode.class))
        .isInstanceOf(InvalidRequestException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\": 12345} | name | wrong type: expected a string, got the number 12345",
        "{\"name\": true} | name | wrong type: expected a string, got the boolean true",
        "{\"name\": 1.5} | name | wrong type: expected a string, got the number 1.5",
        "{\"name\": [\"a\"]} | name | wrong type: expected a string, got an array",
        "{\"waves\": [{\"timeoutMinutes\": \"30\"}]} | waves[0].timeoutMinutes"
            + " | wrong type: expected a whole number, got the string '30'",
        "{\"waves\": [{\"timeoutMinutes\": 30.0}]} | waves[0].timeoutMinutes"
            + " | wrong type: expected a whole number, got the number 30.0",
        "{\"waves\": [{\"timeoutMinutes\": true}]} | waves[0].timeoutMinutes"
            + " | wrong type: expected a whole number, got the boolean true",
        "{\"waves\": [{\"timeoutMinutes\": \"\"}]} | waves[0].timeoutMinutes"
            + " | wrong type: expected a whole number, got the string ''",
        "{\"waves\": [{\"timeoutMinutes\": 99999999999}]} | waves[0].timeoutMinutes"
            + " | number out of range",
        "{\"waves\": [{\"dependsOn\": [1]}]} | waves[0].dependsOn[0]"
            + " | wrong type: expected a string, got the number 1",
        "{\"waves\": [{\"dependsOn\": \"db\"}]} | waves[0].dependsOn"
            + " | wrong type: expected an array, got the string 'db'",
        "{\"waves\": \"\"} | waves | wrong type: expected an array, got the string ''",
        "{\"waves\": [{\"approvalRequired\": \"true\"}]} | waves[0].approvalRequired"
            + " | wrong type: expected true or false, got the string 'true'",
        "{\"waves\": [{\"approvalRequired\": 1}]} | waves[0].approvalRequired"
            + " | wrong type: expected true or false, got the number 1",
        "{\"waves\": [{\"approvalTimeoutMinutes\": \"30\"}]} | waves[0].approvalTimeoutMinutes"
            + " | wrong type: expected a whole number, got the string '30'",
        "{\"waves\": [{\"optionalServerIds\": \"s-1\"}]} | waves[0].optionalServerIds"
            + " | wrong type: expected an array, got the string 's-1'",
      })
  void givenAValueOfAnotherType_whenReadAsJson_thenErrorAtItsPath(
      String body, String path, String message) {
    ValidationError error = errorOf(body, JSON);
    assertThat(error.path()).isEqualTo(path);
    assertThat(error.message()).startsWith(message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"12345", "0x1F", "1e3", "on", "yes", "true"})
  void givenAnUnquotedNumberOrBooleanForAString_whenReadAsYaml_thenRefusedSayingToQuoteIt(
      String value) {
    // when
    ValidationError error = errorOf("name: " + value + "\n", YAML);

    // then
    assertThat(error.path()).isEqualTo("name");
    assertThat(error.message())
        .startsWith("wrong type: expected a string, got the ")
        .contains(value)
        .endsWith("quote text)");
  }

  @Test
  void givenAQuotedNumberWhereANumberIsExpected_whenReadAsYaml_thenRefused() {
    assertThat(errorOf("waves:\n  - timeoutMinutes: '30'\n", YAML))
        .isEqualTo(
            new ValidationError(
                "waves[0].timeoutMinutes",
                "wrong type: expected a whole number, got the string '30'"));
  }

  @Test
  void givenAnOrdinaryYamlPlan_whenRead_thenUnquotedTextIsTextAndNumbersAreNumbers() {
    // given
    String body =
        """
        name: Three tier
        waveTimeoutMinutes: 30
        waves:
          - id: db
            region: us-east-1
            sourceServerIds: [s-00000000000000001]
            timeoutMinutes: 90
          - id: app-2
            name: '12345'
            region: eu-central-1
            sourceServerIds:
              - s-00000000000000002
            dependsOn: [db]
        """;

    // when
    PlanDraft plan = bodies.read(body, YAML, PlanDraft.class);

    // then
    assertThat(plan.name()).isEqualTo("Three tier");
    assertThat(plan.waveTimeoutMinutes()).isEqualTo(30);
    assertThat(plan.waves().get(0).region()).isEqualTo("us-east-1");
    assertThat(plan.waves().get(0).timeoutMinutes()).isEqualTo(90);
    assertThat(plan.waves().get(1).name()).isEqualTo("12345");
    assertThat(plan.waves().get(1).dependsOn()).containsExactly("db");
  }

  @Test
  void givenAWaveWithAnApprovalGateAndOptionalServers_whenRead_thenTheyAreItsFields() {
    // given
    String body =
        """
        name: Gated
        waves:
          - id: db
            region: us-east-1
            sourceServerIds: [s-00000000000000001, s-00000000000000002]
            approvalRequired: true
            approvalTimeoutMinutes: 30
            optionalServerIds: [s-00000000000000002]
          - id: app
            region: us-east-1
            sourceServerIds: [s-00000000000000003]
        """;

    // when
    PlanDraft plan = bodies.read(body, YAML, PlanDraft.class);

    // then
    assertThat(plan.waves().get(0).approvalRequired()).isTrue();
    assertThat(plan.waves().get(0).approvalTimeoutMinutes()).isEqualTo(30);
    assertThat(plan.waves().get(0).optionalServerIds()).containsExactly("s-00000000000000002");
    // not given: no gate, no optional server
    assertThat(plan.waves().get(1).approvalRequired()).isFalse();
    assertThat(plan.waves().get(1).approvalTimeoutMinutes()).isNull();
    assertThat(plan.waves().get(1).optionalServerIds()).isEmpty();
  }

  @Test
  void givenAYamlAlias_whenRead_thenNotExpanded() {
    // an alias is not resolved to what its anchor holds: no "billion laughs" from a small body
    String body = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n";

    // when
    JsonNode tree = bodies.read(body, YAML, JsonNode.class);

    // then
    assertThat(tree.path("b").get(0).isTextual()).isTrue();
  }

  @Test
  void givenAHugeUnknownKey_whenRead_thenTheErrorStaysShort() {
    // given
    String key = "k".repeat(40_000);

    // when
    ValidationError error = errorOf("{\"" + key + "\": 1}", JSON);

    // then
    assertThat(error.path().length() + error.message().length()).isLessThan(1_000);
    assertThat(error.message()).startsWith("unknown field 'kkk").contains("(40000 characters)");
  }

  @Test
  void givenAWellFormedGroup_whenRead_thenAccepted() {
    ProtectionGroupDraft group =
        bodies.read(
            "{\"name\": \"g\", \"region\": \"us-east-1\", \"sourceServerIds\": [],"
                + " \"accountId\": \"123456789012\"}",
            JSON,
            ProtectionGroupDraft.class);
    assertThat(group.accountId()).isEqualTo("123456789012");
    assertThat(group.region()).isEqualTo("us-east-1");
  }
}
