package io.drsorch.scheduler.admission;

import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import java.util.List;
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
            "waves[1].accountId: not an AWS account id (12 digits): 1111",
            "waves[1].roleArn: not an IAM role ARN: DrsOrchestrator",
            "waves[2].accountId: must be given with roleArn (the role's account, 111122223333)",
            "waves[3].roleArn: role of account 111122223333, not of the wave's account"
                + " 123456789012");
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
        .anyMatch(e -> e.startsWith("waves[1].dependsOn[1]: unknown wave ghost"))
        .anyMatch(e -> e.startsWith("waves[2].dependsOn[0]: wave bad depends on itself"))
        .anyMatch(e -> e.startsWith("waves[2].region:"))
        .anyMatch(e -> e.startsWith("waves[2].sourceServerIds[0]: not a source server id"))
        .anyMatch(
            e ->
                e.startsWith("waves[2].sourceServerIds[1]: server")
                    && e.endsWith("also in wave db"));
  }

  @Test
  void givenCycleOrNoWaves_whenValidated_thenRejectedWithTheCycleNamed() {
    // when
    List<String> cycle =
        RequestValidator.errors(
            "p", request("e", "p", wave("db", "web"), wave("app", "db"), wave("web", "app")));
    List<String> empty = RequestValidator.errors("p", request("e", "p"));

    // then
    assertThat(cycle).containsExactly("waves: dependency cycle db -> web -> app -> db");
    assertThat(empty).containsExactly("waves: a plan needs at least one wave");
  }
}
