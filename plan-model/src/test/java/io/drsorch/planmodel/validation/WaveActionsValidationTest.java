package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ActionFailurePolicy;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.avro.WaveAction;
import io.drsorch.planmodel.reading.BodyFormat;
import io.drsorch.planmodel.reading.DraftReader;
import io.drsorch.planmodel.records.PlanDrafts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A wave's before and after actions: read from a body, checked field by field, stored whole. */
class WaveActionsValidationTest {

  private static final String S1 = String.format("s-%017d", 1);

  private final PlanValidator validator = new PlanValidator(ProtectionGroups.none());

  private static PlanDraft read(String actionsJson) throws Exception {
    String body =
        "{\"name\": \"Plan\", \"waves\": [{\"id\": \"db\", \"region\": \"us-east-1\","
            + " \"sourceServerIds\": [\""
            + S1
            + "\"], "
            + actionsJson
            + "}]}";
    return new DraftReader().read(body, BodyFormat.JSON, PlanDraft.class);
  }

  @Test
  void givenBothKindsOfActions_whenReadAndStored_thenEveryFieldAndDefaultIsKept() throws Exception {
    PlanDraft draft =
        read(
            "\"before\": [{\"name\": \"stop-writes\", \"type\": \"SSM_AUTOMATION\","
                + " \"documentName\": \"AWS-StopEC2Instance\", \"parameters\":"
                + " {\"Execution\": [\"{{executionId}}\"]}}],"
                + " \"after\": [{\"name\": \"db-ready\", \"type\": \"SSM_AUTOMATION\","
                + " \"documentName\": \"Db-Ready\", \"timeoutMinutes\": 5, \"onFailure\":"
                + " \"CONTINUE\", \"parameters\": {\"InstanceIds\":"
                + " [\"{{recoveryInstanceIds}}\"]}}, {\"name\": \"health\", \"type\":"
                + " \"HTTP_CHECK\", \"url\": \"https://db.example.com/health\"}]");

    assertThat(validator.validate(draft)).isEmpty();
    RecoveryPlan plan = PlanDrafts.toRecord("p1", draft, 1, Instant.EPOCH);
    List<WaveAction> after = plan.getWaves().get(0).getAfter();
    assertThat(plan.getWaves().get(0).getBefore()).hasSize(1);
    assertThat(after.get(0).getOnFailure()).isEqualTo(ActionFailurePolicy.CONTINUE);
    assertThat(after.get(0).getTimeoutMinutes()).isEqualTo(5);
    assertThat(after.get(0).getParameters().get("InstanceIds"))
        .containsExactly("{{recoveryInstanceIds}}");
    WaveAction health = after.get(1);
    assertThat(health.getType()).isEqualTo(ActionType.HTTP_CHECK);
    assertThat(health.getTimeoutMinutes()).isEqualTo(15);
    assertThat(health.getOnFailure()).isEqualTo(ActionFailurePolicy.FAIL_WAVE);
    assertThat(health.getExpectStatus()).isEqualTo(200);
    assertThat(health.getIntervalSeconds()).isEqualTo(5);
    assertThat(validator.validate(PlanDrafts.of(plan)))
        .as("a stored plan validates again as it was")
        .isEmpty();
  }

  @Test
  void givenMalformedActions_whenValidated_thenEachErrorIsAtItsField() throws Exception {
    PlanDraft draft =
        read(
            "\"before\": [{\"name\": \"a\", \"type\": \"SSM_AUTOMATION\", \"documentName\":"
                + " \"x\", \"parameters\": {\"Ids\": [\"{{recoveryInstanceIds}}\"]}},"
                + " {\"name\": \"a\", \"type\": \"SHELL\"}],"
                + " \"after\": [{\"name\": \"h\", \"type\": \"HTTP_CHECK\", \"url\":"
                + " \"ftp://x\", \"expectStatus\": 700, \"onFailure\": \"IGNORE\","
                + " \"timeoutMinutes\": 0, \"documentName\": \"Db-Ready\"},"
                + " {\"name\": \"s\", \"type\": \"SSM_AUTOMATION\", \"parameters\": {\"P\":"
                + " [\"{{nope}}\"]}}]");

    assertThat(validator.validate(draft))
        .extracting(ValidationError::path)
        .containsExactly(
            "waves[0].before[0].documentName",
            "waves[0].before[0].parameters.Ids[0]",
            "waves[0].before[1].name",
            "waves[0].before[1].type",
            "waves[0].after[0].timeoutMinutes",
            "waves[0].after[0].onFailure",
            "waves[0].after[0].url",
            "waves[0].after[0].expectStatus",
            "waves[0].after[0].documentName",
            "waves[0].after[1].documentName",
            "waves[0].after[1].parameters.P[0]");
    assertThat(validator.validate(draft))
        .filteredOn(e -> e.path().equals("waves[0].before[0].parameters.Ids[0]"))
        .extracting(ValidationError::message)
        .containsExactly(
            "{{recoveryInstanceIds}} is known only after the wave launched: use it in an after"
                + " action");
  }

  @Test
  void givenTooManyActions_whenValidated_thenOneErrorForThePhase() throws Exception {
    StringBuilder many = new StringBuilder("\"after\": [");
    for (int i = 0; i <= ActionValidator.MAX_ACTIONS; i++) {
      many.append(i == 0 ? "" : ", ")
          .append("{\"name\": \"h")
          .append(i)
          .append("\", \"type\": \"HTTP_CHECK\", \"url\": \"http://x/\"}");
    }
    PlanDraft draft = read(many.append("]").toString());

    assertThat(validator.validate(draft))
        .containsExactly(
            new ValidationError("waves[0].after", "wave 'db' lists 11 actions here; at most 10"));
  }
}
