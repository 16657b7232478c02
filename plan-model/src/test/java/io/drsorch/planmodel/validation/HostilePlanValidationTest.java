package io.drsorch.planmodel.validation;

import static io.drsorch.planmodel.validation.PlanValidatorTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plans built to make validation expensive: the answer stays short and the work stays linear in the
 * size of the plan.
 */
class HostilePlanValidationTest {

  /** Far above what validating a 1 MB plan takes; a quadratic or exponential search takes more. */
  private static final long FAST_ENOUGH_MILLIS = 1_000;

  /** {@code count} waves with ids of {@code idLength} characters, each depending on all others. */
  static PlanDraft densePlan(int count, int idLength) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String prefix = "w" + i + "-";
      ids.add(prefix + "x".repeat(idLength - prefix.length()));
    }
    List<WaveDraft> waves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<String> others = new ArrayList<>(ids);
      others.remove(i);
      waves.add(
          new WaveDraft(
              ids.get(i), null, "us-east-1", List.of(server(500_000 + i)), others, null, null));
    }
    return new PlanDraft("Dense", null, waves);
  }

  private static List<ValidationError> timed(String what, PlanValidator validator, PlanDraft plan) {
    validator.validate(plan); // warm-up: the figure is the validation, not class loading
    long start = System.nanoTime();
    List<ValidationError> errors = validator.validate(plan);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("[hostile] validating %s took %d ms%n", what, millis);
    assertThat(millis).as("validating " + what).isLessThan(FAST_ENOUGH_MILLIS);
    return errors;
  }

  @Test
  void givenEveryWaveDependingOnEveryOther_whenValidated_thenFastWithTheLimitAndThreeCycles() {
    // given 200 waves of 64-character ids, 39,800 dependencies: nearly each one closes a cycle
    PlanDraft plan = densePlan(PlanLimits.MAX_WAVES, PlanLimits.MAX_ID_LENGTH);

    // when
    List<ValidationError> errors =
        timed(
            "200 waves each depending on the 199 others",
            new PlanValidator(ProtectionGroups.none()),
            plan);

    // then: the dependency limit first, then the cycles, a few of them
    assertThat(errors).hasSize(1 + PlanLimits.MAX_CYCLES_REPORTED);
    assertThat(errors.get(0))
        .isEqualTo(
            new ValidationError(
                "waves",
                "a plan may have at most 1000 dependencies in all, got 39800:"
                    + " split it into several plans"));
    assertThat(errors.subList(1, errors.size()))
        .allSatisfy(
            error -> {
              assertThat(error.message()).startsWith("cycle: ");
              assertThat(error.message().length())
                  .isLessThanOrEqualTo(PlanLimits.MAX_ERROR_MESSAGE_LENGTH);
            });
  }

  @Test
  void givenThousandsOfErrors_whenValidated_thenTheFirstListedAndTheRestCounted() {
    // given 200 waves all listing the same 25 servers: 4,975 servers claimed twice
    List<String> shared = new ArrayList<>();
    for (int j = 0; j < PlanLimits.MAX_SERVERS / PlanLimits.MAX_WAVES; j++) {
      shared.add(server(j));
    }
    List<WaveDraft> waves = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_WAVES; i++) {
      waves.add(new WaveDraft("w" + i, null, "us-east-1", shared, null, null, null));
    }

    // when
    List<ValidationError> errors =
        timed(
            "4,975 servers in two waves",
            new PlanValidator(ProtectionGroups.none()),
            new PlanDraft("p", null, waves));

    // then
    assertThat(errors).hasSize(PlanLimits.MAX_ERRORS);
    assertThat(errors.get(0))
        .isEqualTo(
            new ValidationError(
                "waves[1].sourceServerIds[0]", "server " + server(0) + " is already in wave 'w0'"));
    assertThat(errors.get(PlanLimits.MAX_ERRORS - 1))
        .isEqualTo(
            new ValidationError("", "... and 4,876 more errors (only the first 99 are listed)"));
  }

  @Test
  void givenEveryWaveTakingTheSameLargeGroup_whenValidated_thenFastAndBounded() {
    // given 200 waves each taking the whole of one 5000-server group: a million claims
    List<String> members = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_SERVERS; i++) {
      members.add(server(700_000 + i));
    }
    GroupRef group = new GroupRef("big", "us-east-1", members);
    List<WaveDraft> waves = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_WAVES; i++) {
      waves.add(new WaveDraft("w" + i, null, "us-east-1", null, null, "big", null));
    }
    PlanValidator validator = new PlanValidator(ProtectionGroups.of(Map.of("big", group)));

    // when
    List<ValidationError> errors =
        timed("200 waves of one 5000-server group", validator, new PlanDraft("p", null, waves));

    // then: 995,000 servers claimed twice, 99 listed
    assertThat(errors).hasSize(PlanLimits.MAX_ERRORS);
    assertThat(errors.get(0))
        .isEqualTo(
            new ValidationError(
                "waves[1].protectionGroupId",
                "server "
                    + server(700_000)
                    + " of protection group 'big' is already in wave 'w0'"));
    assertThat(errors.get(PlanLimits.MAX_ERRORS - 1).message())
        .isEqualTo("... and 994,901 more errors (only the first 99 are listed)");
  }

  @Test
  void givenGroupsMakingMoreServersThanTheLimit_whenValidated_thenTheLimitIsListedFirst() {
    // given 200 malformed server ids listed, then two groups of 3000 servers each
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      first.add(server(100_000 + i));
      second.add(server(200_000 + i));
    }
    List<String> malformed = new ArrayList<>();
    for (int j = 0; j < 200; j++) {
      malformed.add("bad-" + j);
    }
    List<WaveDraft> waves =
        List.of(
            new WaveDraft("w0", null, "us-east-1", malformed, null, null, null),
            new WaveDraft("w1", null, "us-east-1", null, null, "first", null),
            new WaveDraft("w2", null, "us-east-1", null, null, "second", null));
    PlanValidator validator =
        new PlanValidator(
            ProtectionGroups.of(
                Map.of(
                    "first", new GroupRef("first", "us-east-1", first),
                    "second", new GroupRef("second", "us-east-1", second))));

    // when
    List<ValidationError> errors =
        timed("two groups of 3000 servers", validator, new PlanDraft("p", null, waves));

    // then
    assertThat(errors).hasSize(PlanLimits.MAX_ERRORS);
    assertThat(errors.get(0))
        .isEqualTo(
            new ValidationError(
                "waves",
                "a plan may launch at most 5000 source servers, got 6000:"
                    + " split it into several plans"));
    assertThat(errors.get(1).path()).isEqualTo("waves[0].sourceServerIds[0]");
    assertThat(errors.get(PlanLimits.MAX_ERRORS - 1).message())
        .isEqualTo("... and 102 more errors (only the first 99 are listed)");
  }

  @Test
  void givenMoreServersThanTheLimitAndManyOtherErrors_whenValidated_thenTheLimitIsListedFirst() {
    // given 45,000 servers, 2,700 of them malformed
    List<WaveDraft> waves = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      List<String> listed = new ArrayList<>();
      for (int j = 0; j < 5_000; j++) {
        listed.add(j < 300 ? "bad-" + j : server(i * 10_000 + j));
      }
      waves.add(new WaveDraft("w" + i, null, "us-east-1", listed, null, null, null));
    }

    // when
    List<ValidationError> errors =
        timed(
            "45,000 listed servers",
            new PlanValidator(ProtectionGroups.none()),
            new PlanDraft("p", null, waves));

    // then
    assertThat(errors).hasSize(PlanLimits.MAX_ERRORS);
    assertThat(errors.get(0))
        .isEqualTo(
            new ValidationError(
                "waves",
                "a plan may launch at most 5000 source servers, got 42300:"
                    + " split it into several plans"));
    assertThat(errors.get(1).path()).isEqualTo("waves[0].sourceServerIds[0]");
    assertThat(errors.get(PlanLimits.MAX_ERRORS - 1).message())
        .isEqualTo("... and 2,602 more errors (only the first 99 are listed)");
  }

  @Test
  void givenTheMostServersListedAgainstALargeGroup_whenValidated_thenFast() {
    // given a 5000-server group, and 5000 listed servers none of which is in it
    List<String> members = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_SERVERS; i++) {
      members.add(server(800_000 + i));
      listed.add(server(900_000 + i));
    }
    List<WaveDraft> waves =
        List.of(new WaveDraft("w0", null, "us-east-1", listed, null, "big", null));
    PlanValidator validator =
        new PlanValidator(
            ProtectionGroups.of(Map.of("big", new GroupRef("big", "us-east-1", members))));

    // when
    List<ValidationError> errors =
        timed(
            "5000 servers against a 5000-server group", validator, new PlanDraft("p", null, waves));

    // then
    assertThat(errors).hasSize(PlanLimits.MAX_ERRORS);
    assertThat(errors.get(0).message()).endsWith("is not in protection group 'big'");
  }

  @Test
  void givenAnOverlongMessage_whenAnErrorIsMade_thenItIsCutToTheLimit() {
    // given
    String message = "m".repeat(10_000);

    // when
    ValidationError error = new ValidationError("p".repeat(10_000), message);

    // then
    assertThat(error.message()).hasSize(PlanLimits.MAX_ERROR_MESSAGE_LENGTH).endsWith("...");
    assertThat(error.path()).hasSize(PlanLimits.MAX_ERROR_MESSAGE_LENGTH);
  }

  @Test
  void givenExactlyTheLimitOfErrors_whenBounded_thenAllListedWithoutACount() {
    // given
    List<ValidationError> errors = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_ERRORS; i++) {
      errors.add(new ValidationError("f" + i, "wrong"));
    }

    // when / then
    assertThat(BoundedErrors.bounded(errors)).isEqualTo(errors);
    errors.add(new ValidationError("one-more", "wrong"));
    assertThat(BoundedErrors.bounded(errors))
        .hasSize(PlanLimits.MAX_ERRORS)
        .last()
        .isEqualTo(new ValidationError("", "... and 2 more errors (only the first 99 are listed)"));
  }
}
