package io.drsorch.scheduler.admission;

import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.schemas.limits.PlanLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

  @Test
  void givenValidDag_whenValidated_thenNoErrors() {
    // given
    ExecutionRequested ok = request("e", "p", wave("db"), wave("app", "db"), wave("web", "app"));

    // when / then
    assertThat(RequestValidator.errors("p", ok)).isEmpty();
  }

  @Test
  void givenBadAccountsOrRoles_whenValidated_thenEachNamesItsWave() {
    // given
    ExecutionWave ok = wave("ok");
    ok.setAccountId("111122223333");
    ok.setRoleArn("arn:aws:iam::111122223333:role/DrsOrchestrator");
    ExecutionWave malformed = wave("malformed");
    malformed.setAccountId("1111");
    malformed.setRoleArn("DrsOrchestrator");
    ExecutionWave noAccount = wave("no-account");
    noAccount.setRoleArn("arn:aws:iam::111122223333:role/DrsOrchestrator");
    ExecutionWave otherAccount = wave("other-account");
    otherAccount.setAccountId("123456789012");
    otherAccount.setRoleArn("arn:aws:iam::111122223333:role/DrsOrchestrator");
    ExecutionRequested req = request("e", "p", ok, malformed, noAccount, otherAccount);

    // when
    List<String> errors = RequestValidator.errors("p", req);

    // then
    assertThat(errors)
        .containsExactly(
            "waves[1].accountId: malformed account id '1111': expected 12 digits",
            "waves[1].roleArn: malformed role ARN 'DrsOrchestrator': expected"
                + " arn:aws:iam::<12-digit account>:role/<name>",
            "waves[2].accountId: accountId must be given with roleArn (the role's account,"
                + " 111122223333)",
            "waves[3].roleArn: role arn:aws:iam::111122223333:role/DrsOrchestrator is in account"
                + " 111122223333, not in the wave's account 123456789012");
  }

  @Test
  void givenBrokenRequest_whenValidated_thenEveryProblemNamesItsFieldPath() {
    // given
    ExecutionWave app = wave("app", "db", "ghost");
    ExecutionWave db = wave("db");
    ExecutionWave bad = wave("bad", "bad");
    bad.setRegion("mars");
    bad.setSourceServerIds(List.of("i-123", db.getSourceServerIds().get(0)));
    ExecutionRequested req = request("e", "p", db, app, bad);

    // when
    List<String> errors = RequestValidator.errors("other-key", req);

    // then
    assertThat(errors)
        .anyMatch(e -> e.startsWith("planId:"))
        .anyMatch(e -> e.equals("waves[1].dependsOn[1]: unknown wave 'ghost'"))
        .anyMatch(e -> e.equals("waves[2].dependsOn[0]: wave 'bad' depends on itself"))
        .anyMatch(e -> e.startsWith("waves[2].region: malformed region 'mars'"))
        .anyMatch(
            e -> e.startsWith("waves[2].sourceServerIds[0]: malformed source server id 'i-123'"))
        .anyMatch(
            e ->
                e.startsWith("waves[2].sourceServerIds[1]: server")
                    && e.endsWith("is already in wave 'db'"));
  }

  @Test
  void givenCycleOrNoWaves_whenValidated_thenRejectedWithTheCycleNamed() {
    // when
    List<String> cycle =
        RequestValidator.errors(
            "p", request("e", "p", wave("db", "web"), wave("app", "db"), wave("web", "app")));
    List<String> empty = RequestValidator.errors("p", request("e", "p"));

    // then
    assertThat(cycle).containsExactly("waves[0].dependsOn[0]: cycle: db -> app -> web -> db");
    assertThat(empty).containsExactly("waves: a plan needs at least one wave");
  }

  @Test
  void givenSeventeenThousandWaves_whenValidated_thenOneErrorAboutTheirNumberAndNothingPerWave() {
    // given: the probe's request, each wave with a bad region and an unknown dependency
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i < 17_000; i++) {
      ExecutionWave w = wave("w" + i, "w" + (i + 1));
      w.setRegion("nowhere");
      waves.add(w);
    }
    ExecutionRequested req = request("e", "p", waves.toArray(ExecutionWave[]::new));

    // when
    List<String> errors = RequestValidator.errors("p", req);

    // then
    assertThat(errors)
        .containsExactly(
            "waves: a plan may have at most 200 waves, got 17000: split it into several plans");
    assertThat(RequestValidator.isWithinSizeLimits(req)).isFalse();
  }

  @Test
  void givenMoreServersThanTheLimit_whenValidated_thenOneErrorAndNoneAboutSingleServers() {
    // given: 5,001 servers, all malformed, in two waves
    ExecutionWave a = wave("a");
    a.setSourceServerIds(IntStream.range(0, 2500).mapToObj(i -> "bad-" + i).toList());
    ExecutionWave b = wave("b");
    b.setSourceServerIds(IntStream.range(0, 2501).mapToObj(i -> "worse-" + i).toList());

    // when
    List<String> errors = RequestValidator.errors("p", request("e", "p", a, b));

    // then
    assertThat(errors)
        .containsExactly(
            "waves: a plan may launch at most 5000 source servers, got 5001: split it into"
                + " several plans");
  }

  @Test
  void givenTooLongTextsAndTimeoutsOutOfRange_whenValidated_thenEachNamesItsFieldAndTheLimit() {
    // given
    ExecutionWave w = wave("x".repeat(65));
    w.setName("n".repeat(257));
    w.setTimeoutMinutes(1441);
    ExecutionRequested req = request("e".repeat(65), "p", w);
    req.setPlanName("P".repeat(257));
    req.setRequestedBy("r".repeat(257));
    req.setWaveTimeoutMinutes(0);
    req.setExecutionTimeoutMinutes(PlanLimits.MAX_EXECUTION_TIMEOUT_MINUTES + 1);

    // when
    List<String> errors = RequestValidator.errors("p", req);

    // then
    assertThat(errors)
        .contains(
            "planName: planName is 257 characters long; at most 256",
            "requestedBy: requestedBy is 257 characters long; at most 256",
            "waveTimeoutMinutes: waveTimeoutMinutes must be between 1 and 1440 minutes, got 0",
            "executionTimeoutMinutes: executionTimeoutMinutes must be between 1 and 10080"
                + " minutes, got 10081",
            "waves[0].name: waves[0].name is 257 characters long; at most 256",
            "waves[0].timeoutMinutes: timeoutMinutes must be between 1 and 1440, got 1441")
        .anyMatch(e -> e.startsWith("executionId: malformed execution id 'eee"))
        .anyMatch(e -> e.startsWith("waves[0].waveId: malformed wave id 'xxx"));
    assertThat(RequestValidator.hasUsableExecutionId(req)).isFalse();
  }

  @Test
  void givenThousandsOfProblems_whenValidated_thenTheFirstAreListedShortAndTheRestCounted() {
    // given: 200 waves of 25 malformed servers each, every one of them 10,000 characters long
    String garbage = "g".repeat(10_000);
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_WAVES; i++) {
      ExecutionWave w = wave("w" + i);
      int wave = i;
      w.setSourceServerIds(IntStream.range(0, 25).mapToObj(j -> garbage + wave + "-" + j).toList());
      waves.add(w);
    }

    // when
    List<String> errors =
        RequestValidator.errors("p", request("e", "p", waves.toArray(ExecutionWave[]::new)));

    // then
    int listed = PlanLimits.MAX_ERRORS - 1;
    assertThat(errors).hasSize(PlanLimits.MAX_ERRORS);
    assertThat(errors.get(0))
        .startsWith("waves[0].sourceServerIds[0]: malformed source server id 'ggg")
        .contains("... (10003 characters)");
    assertThat(errors)
        .allSatisfy(e -> assertThat(e.length()).isLessThanOrEqualTo(300))
        .last()
        .isEqualTo("... and 4,901 more errors (only the first " + listed + " are listed)");
  }

  @Test
  void givenEveryWaveDependingOnEveryOther_whenValidated_thenTheSearchStopsAtTheThirdCycle() {
    // given: 32 waves, each depending on all the others (992 dependencies, cycles beyond
    // counting)
    List<String> ids = IntStream.range(0, 32).mapToObj(i -> "w" + i).toList();
    List<ExecutionWave> waves = new ArrayList<>();
    for (String id : ids) {
      waves.add(wave(id, ids.stream().filter(d -> !d.equals(id)).toArray(String[]::new)));
    }

    // when
    List<String> errors =
        RequestValidator.errors("p", request("e", "p", waves.toArray(ExecutionWave[]::new)));

    // then
    assertThat(errors)
        .containsExactly(
            "waves[0].dependsOn[0]: cycle: w0 -> w1 -> w0",
            "waves[0].dependsOn[0]: cycle: w0 -> w2 -> w1 -> w0",
            "waves[1].dependsOn[1]: cycle: w1 -> w2 -> w1");
  }

  @Test
  void givenMoreDependenciesThanAPlanMayHave_whenValidated_thenOneErrorSaysSo() {
    // given: 200 waves, each depending on all the others: 39,800 dependencies
    List<String> ids = IntStream.range(0, PlanLimits.MAX_WAVES).mapToObj(i -> "w" + i).toList();
    List<ExecutionWave> waves = new ArrayList<>();
    for (String id : ids) {
      waves.add(wave(id, ids.stream().filter(d -> !d.equals(id)).toArray(String[]::new)));
    }

    // when
    List<String> errors =
        RequestValidator.errors("p", request("e", "p", waves.toArray(ExecutionWave[]::new)));

    // then
    assertThat(errors)
        .containsExactly(
            "waves: a plan may have at most 1000 dependencies in all, got 39800: split it into"
                + " several plans");
  }

  @Test
  void givenALongChainClosedIntoACycle_whenValidated_thenTheCycleIsNamedAsFarAsAMessageGoes() {
    // given: w0 depends on w1, w1 on w2, ... w199 on w0
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i < PlanLimits.MAX_WAVES; i++) {
      waves.add(wave("w" + i, "w" + ((i + 1) % PlanLimits.MAX_WAVES)));
    }

    // when
    List<String> errors =
        RequestValidator.errors("p", request("e", "p", waves.toArray(ExecutionWave[]::new)));

    // then
    assertThat(errors)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .startsWith("waves[0].dependsOn[0]: cycle: w0 -> w199 -> w198 -> ")
                    .endsWith("...")
                    .hasSize(PlanLimits.MAX_ERROR_MESSAGE_LENGTH));
  }

  @Test
  void givenARepeatedDependency_whenValidated_thenItIsRefusedAsPlanServiceDoes() {
    // when
    List<String> errors =
        RequestValidator.errors("p", request("e", "p", wave("db"), wave("app", "db", "db")));

    // then
    assertThat(errors).containsExactly("waves[1].dependsOn[1]: duplicate dependency on 'db'");
  }

  @Test
  void givenIdsTheLauncherAndWatcherRefuse_whenValidated_thenEachIsAnError() {
    // given: ids of the right length but with a space, a slash, a dot or a non-ASCII letter
    ExecutionWave db = wave("db tier");
    ExecutionWave app = wave("app", "db tier", "web/1");
    ExecutionRequested req = request("exec 1", "plan.1", db, app, wave("wéb"));

    // when
    List<String> errors = RequestValidator.errors("plan.1", req);

    // then: in plan-service's words; a wave of a malformed id is not known to its dependents
    String chars = ": use 1 to 64 letters, digits, '_' or '-'";
    assertThat(errors)
        .containsExactly(
            "executionId: malformed execution id 'exec 1'" + chars,
            "planId: malformed plan id 'plan.1'" + chars,
            "waves[0].waveId: malformed wave id 'db tier'" + chars,
            "waves[2].waveId: malformed wave id 'wéb'" + chars,
            "waves[1].dependsOn[0]: unknown wave 'db tier'",
            "waves[1].dependsOn[1]: unknown wave 'web/1'");
  }
}
