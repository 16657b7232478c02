package io.drsorch.deploy.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code iam-policy.json} grants the services' DRS and SSM calls and nothing more. */
class IamPolicyTest {

  @Test
  void givenPolicy_whenRead_thenGrantsExactlyTheDrsAndSsmActionsTheServicesCall()
      throws IOException {
    // given
    JsonNode policy = new ObjectMapper().readTree(Path.of("iam-policy.json").toFile());

    // when
    List<String> actions = new ArrayList<>();
    policy.path("Statement").forEach(s -> actions.add(s.path("Action").asText()));

    // then
    assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
    assertThat(policy.path("Statement"))
        .allSatisfy(s -> assertThat(s.path("Effect").asText()).isEqualTo("Allow"));
    assertThat(actions)
        .containsExactlyInAnyOrder(
            "drs:StartRecovery",
            "drs:TagResource",
            "drs:DescribeJobs",
            "drs:DescribeJobLogItems",
            // pre-flight readiness (plan-service) and point-in-time launches (drs-launcher)
            "drs:DescribeSourceServers",
            "drs:DescribeRecoverySnapshots",
            // drill cleanup (drs-launcher)
            "drs:DescribeRecoveryInstances",
            "drs:TerminateRecoveryInstances",
            // wave actions: started by drs-launcher, followed and stopped at their timeout by
            // job-watcher
            "ssm:StartAutomationExecution",
            "ssm:GetAutomationExecution",
            "ssm:StopAutomationExecution");
  }

  @Test
  void givenPolicy_whenRead_thenTaggingIsOnlyAllowedWhileStartRecoveryCreatesTheJob()
      throws IOException {
    // given
    JsonNode policy = new ObjectMapper().readTree(Path.of("iam-policy.json").toFile());

    // when
    JsonNode tagging = null;
    for (JsonNode statement : policy.path("Statement")) {
      if (statement.path("Action").asText().equals("drs:TagResource")) {
        tagging = statement;
      }
    }

    // then
    assertThat(tagging).isNotNull();
    assertThat(tagging.path("Resource").asText()).isEqualTo("arn:aws:drs:*:*:job/*");
    assertThat(tagging.at("/Condition/StringEquals/drs:CreateAction").asText())
        .isEqualTo("StartRecovery");
  }
}
