package io.drsorch.drsclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.drsorch.simulator.DrsSimulator;
import io.drsorch.simulator.ssm.AutomationExecution;
import io.drsorch.simulator.ssm.AutomationOutcome;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AutomationExecutionNotFoundException;

class SsmClientsTest {

  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "444455556666";
  private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/DrsOrchestrator";
  private static final String DOCUMENT = "Drs-Client-Test";

  private static DrsSimulator simulator;
  private static AwsAccess access;
  private static DrsClients drs;
  private static SsmClients ssm;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    simulator = DrsSimulator.start("127.0.0.1", 0);
    simulator.defineAutomationDocument(
        DOCUMENT, AutomationOutcome.Success, Duration.ofMinutes(5), null);
    access = new AwsAccess(simulator.stsEndpoint(), "drs-client-test");
    drs = new DrsClients(simulator.endpoint(), access);
    ssm = new SsmClients(simulator.endpoint(), access);
  }

  @AfterAll
  static void stop() {
    ssm.close();
    drs.close();
    access.close();
    simulator.close();
  }

  @Test
  void givenTargets_whenAskedTwice_thenOneClientPerRegionAndRole() {
    // when
    SsmClient own = ssm.forTarget(REGION, null);
    SsmClient viaRole = ssm.forTarget(REGION, ROLE);

    // then
    assertThat(ssm.forTarget(new Target(REGION, " "))).isSameAs(own);
    assertThat(ssm.forTarget(new Target(REGION, ROLE))).isSameAs(viaRole);
    assertThat(List.of(own, viaRole, ssm.forTarget("eu-west-1", ROLE))).doesNotHaveDuplicates();
  }

  @Test
  void
      givenARole_whenDrsAndSsmAreCalledThroughIt_thenOneAssumeRoleAndTheAutomationIsInItsAccount() {
    // given
    String role = "arn:aws:iam::" + ACCOUNT + ":role/SharedSession";
    long assumed = simulator.callCounts().getOrDefault("AssumeRole", 0L);

    // when a DRS call and an SSM start go through the same role
    drs.forTarget(REGION, role).describeJobs(r -> r.maxResults(1));
    String id =
        ssm.forTarget(REGION, role)
            .startAutomationExecution(
                r -> r.documentName(DOCUMENT).clientToken(UUID.randomUUID().toString()))
            .automationExecutionId();

    // then the role was assumed once, for both, and the automation runs in the role's account
    assertThat(simulator.callCounts().get("AssumeRole") - assumed).isEqualTo(1);
    AutomationExecution execution =
        simulator.automationExecutions().stream()
            .filter(e -> e.id().equals(id))
            .findFirst()
            .orElseThrow();
    assertThat(execution.accountId()).isEqualTo(ACCOUNT);
    assertThat(execution.region()).isEqualTo(REGION);
    assertThat(
            ssm.forTarget(REGION, role)
                .getAutomationExecution(r -> r.automationExecutionId(id))
                .automationExecution()
                .automationExecutionStatusAsString())
        .isEqualTo("InProgress");
    // and the service's own account does not see it
    Throwable elsewhere =
        catchThrowable(
            () ->
                ssm.forTarget(REGION, null)
                    .getAutomationExecution(r -> r.automationExecutionId(id)));
    assertThat(elsewhere).isInstanceOf(AutomationExecutionNotFoundException.class);
  }
}
