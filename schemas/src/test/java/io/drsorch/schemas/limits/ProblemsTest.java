package io.drsorch.schemas.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemsTest {

  @Test
  void givenMoreProblemsThanListed_whenSummarised_thenTheRestAreCountedAndEachIsCut() {
    // given
    Problems problems = new Problems();
    for (int i = 0; i < PlanLimits.MAX_ERRORS + 5; i++) {
      problems.add("f" + i, "x".repeat(10_000));
    }

    // then
    assertThat(problems.isEmpty()).isFalse();
    assertThat(problems.toList())
        .hasSize(PlanLimits.MAX_ERRORS + 1)
        .allSatisfy(
            p -> assertThat(p.length()).isLessThanOrEqualTo(PlanLimits.MAX_ERROR_MESSAGE_LENGTH))
        .last()
        .isEqualTo("... and 5 more errors");
    assertThat(problems.toList().get(0)).startsWith("f0: xxx").endsWith("...");
    assertThat(problems.summary())
        .startsWith((PlanLimits.MAX_ERRORS + 5) + " problems: f0: ")
        .endsWith("; and 5 more");
  }

  @Test
  void givenIds_whenChecked_thenBlankLongAndForeignCharactersAreProblems() {
    Problems problems = new Problems();

    problems.checkId("a", "ok_id-1");
    assertThat(problems.isEmpty()).isTrue();

    assertThat(problems.checkLength("b", " ", 5)).isFalse();
    assertThat(problems.checkLength("c", "123456", 5)).isFalse();
    problems.checkId("d", "no/slash");

    assertThat(problems.summary())
        .isEqualTo(
            "3 problems: b: must not be empty; c: at most 5 characters, got 6: '123456'; "
                + "d: use letters, digits, '_' or '-' only, got 'no/slash'");
  }

  @Test
  void givenALongValue_whenShown_thenItsHeadIsQuotedWithItsLength() {
    assertThat(Problems.shown(null)).isEqualTo("null");
    assertThat(Problems.shown("abc")).isEqualTo("'abc'");
    assertThat(Problems.shown("y".repeat(100)))
        .isEqualTo("'" + "y".repeat(80) + "...' (100 characters)");
  }
}
