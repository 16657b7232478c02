package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectionGroupValidatorTest {

  private static final String S1 = PlanValidatorTest.server(1);

  private final ProtectionGroupValidator validator = new ProtectionGroupValidator();

  @Test
  void givenValidGroup_whenValidated_thenNoErrors() {
    // given
    ProtectionGroupDraft group =
        new ProtectionGroupDraft("Databases", "us-east-1", List.of(S1), "123456789012");

    // then
    assertThat(validator.validate(group)).isEmpty();
  }

  @Test
  void givenEmptyGroup_whenValidated_thenEveryRequiredFieldReported() {
    // when
    List<ValidationError> errors =
        validator.validate(new ProtectionGroupDraft(null, null, null, null));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("name", "name is required"),
            new ValidationError("region", "region is required"),
            new ValidationError(
                "sourceServerIds", "a protection group needs at least one source server"));
  }

  @Test
  void givenMalformedAndDuplicateServers_whenValidated_thenErrorsAtEach() {
    // given
    ProtectionGroupDraft group =
        new ProtectionGroupDraft("Databases", "us-east-1", List.of(S1, "s-1", S1), null);

    // when
    List<ValidationError> errors = validator.validate(group);

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "sourceServerIds[1]",
                "malformed source server id 's-1': expected s- and 17 letters or digits"),
            new ValidationError("sourceServerIds[2]", "server " + S1 + " is listed twice"));
  }

  @Test
  void givenMalformedRegionAndAccount_whenValidated_thenErrorsAtEach() {
    // given
    ProtectionGroupDraft group = new ProtectionGroupDraft("Databases", "east", List.of(S1), "12");

    // when
    List<ValidationError> errors = validator.validate(group);

    // then
    assertThat(errors).extracting(ValidationError::path).containsExactly("region", "accountId");
  }

  @Test
  void givenRoleInAnotherAccount_whenValidated_thenNoErrorsAndTheRolesAccountIsTheGroups() {
    // given a group reached by assuming a role, its account named by the role only
    ProtectionGroupDraft group =
        new ProtectionGroupDraft(
            "Databases",
            "us-east-1",
            List.of(S1),
            null,
            "arn:aws:iam::111122223333:role/dr/DrsOrchestrator");

    // then
    assertThat(validator.validate(group)).isEmpty();
    assertThat(group.effectiveAccountId()).isEqualTo("111122223333");
  }

  @Test
  void givenMalformedRoleArn_whenValidated_thenErrorAtRoleArn() {
    for (String arn :
        List.of(
            "DrsOrchestrator",
            "arn:aws:iam::1111:role/x",
            "arn:aws:iam::111122223333:user/x",
            "arn:aws:iam::111122223333:role/",
            "arn:aws:iam::111122223333:role/" + "n".repeat(65),
            // well-formed, but longer than the scheduler takes (PlanLimits.MAX_ROLE_ARN_LENGTH)
            "arn:aws:iam::111122223333:role/" + "p/".repeat(310) + "Name")) {
      // given
      ProtectionGroupDraft group =
          new ProtectionGroupDraft("Databases", "us-east-1", List.of(S1), null, arn);

      // when
      List<ValidationError> errors = validator.validate(group);

      // then
      assertThat(errors).as(arn).extracting(ValidationError::path).containsExactly("roleArn");
      assertThat(errors.get(0).message())
          .as(arn)
          .startsWith("malformed role ARN '")
          .endsWith("': expected arn:aws:iam::<12-digit account>:role/<name>");
      assertThat(group.effectiveAccountId()).as(arn).isNull();
    }
  }

  @Test
  void givenRoleOfAnotherAccountThanTheGroups_whenValidated_thenErrorNamesBoth() {
    // given
    ProtectionGroupDraft group =
        new ProtectionGroupDraft(
            "Databases",
            "us-east-1",
            List.of(S1),
            "123456789012",
            "arn:aws:iam::111122223333:role/DrsOrchestrator");

    // when
    List<ValidationError> errors = validator.validate(group);

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "roleArn",
                "role arn:aws:iam::111122223333:role/DrsOrchestrator is in account 111122223333,"
                    + " not in the group's account 123456789012"));
  }

  @Test
  void givenMoreServersThanTheLimitOrAnOverlongName_whenValidated_thenErrors() {
    // given
    List<String> servers = new java.util.ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_SERVERS + 1; i++) {
      servers.add(String.format("s-%017d", i));
    }
    ProtectionGroupDraft group =
        new ProtectionGroupDraft("g".repeat(300), "us-east-1", servers, null);
    // when
    List<ValidationError> errors = new ProtectionGroupValidator().validate(group);
    // then
    assertThat(errors).extracting(ValidationError::path).containsExactly("name", "sourceServerIds");
    assertThat(errors.get(1).message()).contains("at most 5000 source servers, got 5001");
  }
}
