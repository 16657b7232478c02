package io.drsorch.planmodel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanValidatorTest {

  private static final String S1 = server(1);
  private static final String S2 = server(2);
  private static final String S3 = server(3);
  private static final String S4 = server(4);

  private static final GroupRef DATABASES =
      new GroupRef("databases", "us-east-1", List.of(server(10), server(11), server(12)));
  private static final GroupRef IRELAND = new GroupRef("ireland", "eu-west-1", List.of(server(20)));

  private final PlanValidator validator =
      new PlanValidator(ProtectionGroups.of(Map.of("databases", DATABASES, "ireland", IRELAND)));

  static String server(int n) {
    return String.format("s-%017d", n);
  }

  static WaveDraft wave(String id, List<String> servers, String... dependsOn) {
    return new WaveDraft(id, null, "us-east-1", servers, Arrays.asList(dependsOn), null, null);
  }

  static PlanDraft plan(WaveDraft... waves) {
    return new PlanDraft("Three tier", null, Arrays.asList(waves));
  }

  private List<ValidationError> validate(PlanDraft plan) {
    return validator.validate(plan);
  }

  @Test
  void givenThreeTierDag_whenValidated_thenNoErrors() {
    // given
    PlanDraft plan =
        plan(
            wave("db", List.of(S1)),
            wave("app", List.of(S2), "db"),
            wave("web", List.of(S3), "app", "db"));

    // when
    List<ValidationError> errors = validate(plan);

    // then
    assertThat(errors).isEmpty();
  }

  @Test
  void givenNoName_whenValidated_thenNameRequired() {
    // given
    PlanDraft plan = new PlanDraft(" ", null, List.of(wave("db", List.of(S1))));

    // when
    List<ValidationError> errors = validate(plan);

    // then
    assertThat(errors).containsExactly(new ValidationError("name", "name is required"));
  }

  @Test
  void givenNoWaves_whenValidated_thenAtLeastOneWaveRequired() {
    // when
    List<ValidationError> errors = validate(new PlanDraft("p", null, null));

    // then
    assertThat(errors)
        .containsExactly(new ValidationError("waves", "a plan needs at least one wave"));
  }

  @Test
  void givenWaveWithoutId_whenValidated_thenIdRequired() {
    // when
    List<ValidationError> errors = validate(plan(wave(null, List.of(S1))));

    // then
    assertThat(errors).containsExactly(new ValidationError("waves[0].id", "wave id is required"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "db tier",
        "db/1",
        "é",
        "a234567890123456789012345678901234567890123456789012345678901234z"
      })
  void givenMalformedWaveId_whenValidated_thenErrorAtId(String id) {
    // when
    List<ValidationError> errors = validate(plan(wave(id, List.of(S1))));

    // then
    assertThat(errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path()).isEqualTo("waves[0].id");
              assertThat(e.message()).startsWith("malformed wave id '" + id + "'");
            });
  }

  @Test
  void givenDuplicateWaveId_whenValidated_thenErrorAtSecond() {
    // when
    List<ValidationError> errors = validate(plan(wave("db", List.of(S1)), wave("db", List.of(S2))));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("waves[1].id", "duplicate wave id 'db' (also waves[0])"));
  }

  @Test
  void givenWaveWithoutName_whenNameTaken_thenIdIsTheName() {
    // given
    WaveDraft wave = wave("db", List.of(S1));

    // then
    assertThat(wave.effectiveName()).isEqualTo("db");
    assertThat(new WaveDraft("db", "Database", null, null, null, null, null).effectiveName())
        .isEqualTo("Database");
  }

  @Test
  void givenMissingRegion_whenValidated_thenRegionRequired() {
    // given
    WaveDraft wave = new WaveDraft("db", null, null, List.of(S1), null, null, null);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(new ValidationError("waves[0].region", "region is required"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "us-east-1",
        "eu-central-1",
        "us-gov-west-1",
        "ap-southeast-2",
        "cn-northwest-1",
        "us-isob-east-1"
      })
  void givenWellFormedRegion_whenValidated_thenAccepted(String region) {
    // given
    WaveDraft wave = new WaveDraft("db", null, region, List.of(S1), null, null, null);

    // then
    assertThat(validate(plan(wave))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"us-east", "US-EAST-1", "useast1", "us-esat-1", "virginia", "us-east-1a"})
  void givenMalformedRegion_whenValidated_thenErrorAtRegion(String region) {
    // given
    WaveDraft wave = new WaveDraft("db", null, region, List.of(S1), null, null, null);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].region",
                "malformed region '" + region + "': expected a region such as us-east-1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"s-123", "i-1234567890abcdef0", "s-1234567890abcdef01", "s-1234567890abcdef_", ""})
  void givenMalformedServerId_whenValidated_thenErrorAtServer(String id) {
    // when
    List<ValidationError> errors = validate(plan(wave("db", List.of(S1, id))));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].sourceServerIds[1]",
                "malformed source server id '" + id + "': expected s- and 17 letters or digits"));
  }

  @Test
  void givenServerInTwoWaves_whenValidated_thenErrorAtSecondOccurrenceNamingFirstWave() {
    // when
    List<ValidationError> errors =
        validate(plan(wave("db", List.of(S1, S2)), wave("app", List.of(S3, S2), "db")));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[1].sourceServerIds[1]", "server " + S2 + " is already in wave 'db'"));
  }

  @Test
  void givenServerTwiceInOneWave_whenValidated_thenErrorAtSecondOccurrence() {
    // when
    List<ValidationError> errors = validate(plan(wave("db", List.of(S1, S1))));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].sourceServerIds[1]", "server " + S1 + " is listed twice in this wave"));
  }

  @Test
  void givenWaveWithoutServersOrGroup_whenValidated_thenEmptyWave() {
    // when
    List<ValidationError> errors = validate(plan(wave("db", List.of())));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].sourceServerIds",
                "wave 'db' has no servers: list sourceServerIds or name a protectionGroupId"));
  }

  @Test
  void givenWaveWithWholeProtectionGroup_whenValidated_thenNoErrors() {
    // given
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", null, null, "databases", 30);

    // then
    assertThat(validate(plan(wave))).isEmpty();
  }

  @Test
  void givenWaveWithSubsetOfGroup_whenValidated_thenNoErrors() {
    // given
    WaveDraft wave =
        new WaveDraft("db", null, "us-east-1", List.of(server(11)), null, "databases", null);

    // then
    assertThat(validate(plan(wave))).isEmpty();
  }

  @Test
  void givenUnknownProtectionGroup_whenValidated_thenErrorAtGroup() {
    // given
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", null, null, "nope", null);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("waves[0].protectionGroupId", "unknown protection group 'nope'"));
  }

  @Test
  void givenSubsetServerNotInGroup_whenValidated_thenErrorAtServer() {
    // given
    WaveDraft wave =
        new WaveDraft("db", null, "us-east-1", List.of(server(10), S1), null, "databases", null);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].sourceServerIds[1]",
                "server " + S1 + " is not in protection group 'databases'"));
  }

  @Test
  void givenGroupInAnotherRegion_whenValidated_thenErrorAtRegion() {
    // given
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", null, null, "ireland", null);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].region",
                "region us-east-1 differs from the region of protection group 'ireland'"
                    + " (eu-west-1)"));
  }

  @Test
  void givenGroupServerAlsoListedInAnotherWave_whenValidated_thenServerInTwoWaves() {
    // given
    WaveDraft db = new WaveDraft("db", null, "us-east-1", null, null, "databases", null);
    WaveDraft app = wave("app", List.of(server(12)), "db");

    // when
    List<ValidationError> errors = validate(plan(db, app));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[1].sourceServerIds[0]",
                "server " + server(12) + " is already in wave 'db'"));
  }

  @Test
  void givenDependencyOnUnknownWave_whenValidated_thenErrorAtDependency() {
    // when
    List<ValidationError> errors =
        validate(plan(wave("db", List.of(S1)), wave("app", List.of(S2), "db", "cache")));

    // then
    assertThat(errors)
        .containsExactly(new ValidationError("waves[1].dependsOn[1]", "unknown wave 'cache'"));
  }

  @Test
  void givenWaveDependingOnItself_whenValidated_thenErrorAtDependency() {
    // when
    List<ValidationError> errors = validate(plan(wave("db", List.of(S1), "db")));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("waves[0].dependsOn[0]", "wave 'db' depends on itself"));
  }

  @Test
  void givenTwoWaveCycle_whenValidated_thenCycleNamedInRunOrder() {
    // when
    List<ValidationError> errors =
        validate(plan(wave("db", List.of(S1), "app"), wave("app", List.of(S2), "db")));

    // then
    assertThat(errors)
        .containsExactly(new ValidationError("waves[0].dependsOn[0]", "cycle: db -> app -> db"));
  }

  @Test
  void givenThreeWaveCycle_whenValidated_thenCycleReportedOnceInRunOrder() {
    // given app waits for db, web for app, db for web
    PlanDraft plan =
        plan(
            wave("db", List.of(S1), "web"),
            wave("app", List.of(S2), "db"),
            wave("web", List.of(S3), "app"));

    // when
    List<ValidationError> errors = validate(plan);

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("waves[0].dependsOn[0]", "cycle: db -> app -> web -> db"));
  }

  @Test
  void givenTwoSeparateCycles_whenValidated_thenEachReportedOnce() {
    // given
    PlanDraft plan =
        plan(
            wave("a", List.of(S1), "b"),
            wave("b", List.of(S2), "a"),
            wave("c", List.of(S3), "d", "a"),
            wave("d", List.of(S4), "c"));

    // when
    List<ValidationError> errors = validate(plan);

    // then
    assertThat(errors)
        .extracting(ValidationError::message)
        .containsExactlyInAnyOrder("cycle: a -> b -> a", "cycle: c -> d -> c");
  }

  @Test
  void givenDuplicateDependency_whenValidated_thenErrorAtSecondEntry() {
    // when
    List<ValidationError> errors =
        validate(plan(wave("db", List.of(S1)), wave("app", List.of(S2), "db", "db")));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError("waves[1].dependsOn[1]", "duplicate dependency on 'db'"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, 1441})
  void givenTimeoutOutOfRange_whenValidated_thenErrorAtTimeout(int minutes) {
    // given
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", List.of(S1), null, null, minutes);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].timeoutMinutes",
                "timeoutMinutes must be between 1 and 1440, got " + minutes));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 60, 1440})
  void givenTimeoutInRange_whenValidated_thenAccepted(int minutes) {
    // given
    WaveDraft wave = new WaveDraft("db", null, "us-east-1", List.of(S1), null, null, minutes);

    // then
    assertThat(validate(plan(wave))).isEmpty();
  }

  /** A wave of the given servers with an approval gate and optional servers. */
  private static WaveDraft gated(
      String id,
      List<String> servers,
      String group,
      boolean approvalRequired,
      Integer approvalTimeoutMinutes,
      List<String> optionalServerIds) {
    return new WaveDraft(
        id,
        null,
        "us-east-1",
        servers,
        null,
        group,
        null,
        approvalRequired,
        approvalTimeoutMinutes,
        optionalServerIds);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1440})
  void givenAnApprovalGateWithATimeoutInRange_whenValidated_thenAccepted(int minutes) {
    // given
    WaveDraft wave = gated("db", List.of(S1), null, true, minutes, null);

    // then
    assertThat(validate(plan(wave))).isEmpty();
    assertThat(validate(plan(gated("db", List.of(S1), null, true, null, null)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -5, 1441})
  void givenAnApprovalTimeoutOutOfRange_whenValidated_thenErrorAtIt(int minutes) {
    // given
    WaveDraft wave = gated("db", List.of(S1), null, true, minutes, null);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then: bounded like the wave's own timeout
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].approvalTimeoutMinutes",
                "approvalTimeoutMinutes must be between 1 and 1440, got " + minutes));
  }

  @Test
  void givenAnApprovalTimeoutWithoutTheGate_whenValidated_thenErrorAtIt() {
    // given
    WaveDraft wave = gated("db", List.of(S1), null, false, 30, null);

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].approvalTimeoutMinutes",
                "approvalTimeoutMinutes applies only to a wave that waits for approval: set"
                    + " approvalRequired: true on wave 'db' or remove it"));
  }

  @Test
  void givenOptionalServersAmongTheWaves_whenValidated_thenAccepted() {
    // given
    WaveDraft wave = gated("db", List.of(S1, S2, S3), null, false, null, List.of(S3, S1));

    // then
    assertThat(validate(plan(wave))).isEmpty();
  }

  @Test
  void givenAnOptionalServerNotOfTheWave_whenValidated_thenErrorAtItNamingTheIdAndTheWave() {
    // given: S3 is app's, not db's
    PlanDraft plan =
        plan(
            gated("db", List.of(S1, S2), null, false, null, List.of(S2, S3)),
            wave("app", List.of(S3), "db"));

    // when
    List<ValidationError> errors = validate(plan);

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].optionalServerIds[1]",
                "optional server '" + S3 + "' is not one of the servers of wave 'db'"));
  }

  @Test
  void givenAnOptionalServerTwice_whenValidated_thenErrorAtTheSecond() {
    // given
    WaveDraft wave = gated("db", List.of(S1, S2), null, false, null, List.of(S2, S1, S2));

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].optionalServerIds[2]", "optional server " + S2 + " is listed twice"));
  }

  @Test
  void givenAWaveOfAWholeGroup_whenItsOptionalServersAreChecked_thenAgainstTheGroupsServers() {
    // given
    WaveDraft wave =
        gated("db", null, "databases", false, null, List.of(server(12), S1, "not-a-server"));

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].optionalServerIds[1]",
                "optional server '"
                    + S1
                    + "' is not one of the servers of wave 'db' (protection group 'databases')"),
            new ValidationError(
                "waves[0].optionalServerIds[2]",
                "optional server 'not-a-server' is not one of the servers of wave 'db'"
                    + " (protection group 'databases')"));
  }

  @Test
  void givenAWaveOfASubsetOfAGroup_whenItsOptionalServersAreChecked_thenAgainstTheSubset() {
    // given: server(10) is in the group, but the wave launches only server(11)
    WaveDraft wave =
        gated("db", List.of(server(11)), "databases", false, null, List.of(server(11), server(10)));

    // when
    List<ValidationError> errors = validate(plan(wave));

    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves[0].optionalServerIds[1]",
                "optional server '" + server(10) + "' is not one of the servers of wave 'db'"));
  }

  @Test
  void givenAnUnknownGroup_whenOptionalServersAreChecked_thenOnlyTheGroupIsReported() {
    // given
    WaveDraft wave = gated("db", null, "nope", false, null, List.of(S1));

    // then: nothing to check them against
    assertThat(validate(plan(wave)))
        .containsExactly(
            new ValidationError("waves[0].protectionGroupId", "unknown protection group 'nope'"));
  }

  @Test
  void givenManyProblems_whenValidated_thenAllListedInFieldOrder() {
    // given
    PlanDraft plan =
        new PlanDraft(
            null,
            null,
            List.of(
                new WaveDraft("db", null, "mars-1", List.of("bad"), null, null, 0),
                wave("app", List.of(S1), "db", "nope")));

    // when
    List<ValidationError> errors = validate(plan);

    // then
    assertThat(errors)
        .extracting(ValidationError::path)
        .containsExactly(
            "name",
            "waves[0].region",
            "waves[0].sourceServerIds[0]",
            "waves[0].timeoutMinutes",
            "waves[1].dependsOn[1]");
  }

  @Test
  void givenPlanTimeoutsAtTheirBounds_whenValidated_thenValid() {
    // given
    List<WaveDraft> waves = List.of(wave("db", List.of(S1)));
    // when
    List<ValidationError> lowest = validate(new PlanDraft("p", null, waves, 1, 1));
    List<ValidationError> highest = validate(new PlanDraft("p", null, waves, 1440, 10080));
    // then
    assertThat(lowest).isEmpty();
    assertThat(highest).isEmpty();
  }

  @Test
  void givenPlanTimeoutsOutOfRange_whenValidated_thenErrorsAtTheirFields() {
    // given
    List<WaveDraft> waves = List.of(wave("db", List.of(S1)));
    // when
    List<ValidationError> tooLow = validate(new PlanDraft("p", null, waves, 0, 0));
    List<ValidationError> tooHigh = validate(new PlanDraft("p", null, waves, 1441, 10081));
    // then
    assertThat(tooLow)
        .extracting(ValidationError::path)
        .containsExactly("waveTimeoutMinutes", "executionTimeoutMinutes");
    assertThat(tooHigh)
        .extracting(ValidationError::message)
        .containsExactly(
            "waveTimeoutMinutes must be between 1 and 1440 minutes, got 1441",
            "executionTimeoutMinutes must be between 1 and 10080 minutes, got 10081");
  }

  @Test
  void givenMoreWavesThanTheLimit_whenValidated_thenOneErrorAtWaves() {
    // given 201 waves, each of them otherwise wrong (no servers)
    WaveDraft[] waves = new WaveDraft[PlanLimits.MAX_WAVES + 1];
    for (int i = 0; i < waves.length; i++) {
      waves[i] = wave("w" + i, List.of());
    }
    // when
    List<ValidationError> errors = validate(plan(waves));
    // then
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path()).isEqualTo("waves");
    assertThat(errors.get(0).message()).contains("at most 200 waves, got 201");
  }

  @Test
  void givenMoreServersThanTheLimit_whenValidated_thenErrorAtWaves() {
    // given 5001 servers over two waves
    List<String> first = new java.util.ArrayList<>();
    List<String> second = new java.util.ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_SERVERS + 1; i++) {
      (i % 2 == 0 ? first : second).add(server(100_000 + i));
    }
    // when
    List<ValidationError> errors = validate(plan(wave("db", first), wave("app", second, "db")));
    // then
    assertThat(errors)
        .containsExactly(
            new ValidationError(
                "waves",
                "a plan may launch at most 5000 source servers, got 5001:"
                    + " split it into several plans"));
  }

  @Test
  void givenExactlyTheLimits_whenValidated_thenValid() {
    // given 200 waves holding 5000 servers
    WaveDraft[] waves = new WaveDraft[PlanLimits.MAX_WAVES];
    for (int i = 0; i < waves.length; i++) {
      List<String> servers = new java.util.ArrayList<>();
      for (int j = 0; j < PlanLimits.MAX_SERVERS / PlanLimits.MAX_WAVES; j++) {
        servers.add(server(200_000 + i * 100 + j));
      }
      waves[i] = wave("w" + i, servers);
    }
    // when
    List<ValidationError> errors = validate(plan(waves));
    // then
    assertThat(errors).isEmpty();
  }

  @Test
  void givenOverlongNamesAndDescription_whenValidated_thenErrorsAtEachField() {
    // given
    String longName = "n".repeat(PlanLimits.MAX_NAME_LENGTH + 1);
    WaveDraft wave = new WaveDraft("db", longName, "us-east-1", List.of(S1), null, null, null);
    PlanDraft plan =
        new PlanDraft(longName, "d".repeat(PlanLimits.MAX_DESCRIPTION_LENGTH + 1), List.of(wave));
    // when
    List<ValidationError> errors = validate(plan);
    // then
    assertThat(errors)
        .extracting(ValidationError::path)
        .containsExactly("name", "description", "waves[0].name");
    assertThat(errors.get(0).message()).isEqualTo("name is 257 characters long; at most 256");
  }

  @Test
  void givenHugeMalformedIds_whenValidated_thenMessagesShowThemCutShort() {
    // given
    String huge = "x".repeat(100_000);
    // when
    List<ValidationError> errors =
        validate(plan(wave(huge, List.of(huge)), wave("app", List.of(S1), huge)));
    // then
    assertThat(errors).isNotEmpty();
    assertThat(errors)
        .allSatisfy(
            error -> {
              assertThat(error.message()).hasSizeLessThan(300);
            });
    assertThat(errors.get(0).message()).contains("(100000 characters)");
  }
}
