package io.drsorch.drsclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.simulator.DrsSimulator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;

class DrsClientsTest {

  private static final String REGION = "us-east-1";
  private static final String ACCOUNT = "111122223333";
  private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/DrsOrchestrator";

  private static DrsSimulator simulator;
  private static DrsClients clients;

  @BeforeAll
  static void start() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    simulator = DrsSimulator.start("127.0.0.1", 0);
    clients = new DrsClients(simulator.endpoint(), simulator.stsEndpoint(), "drs-client-test");
  }

  @AfterAll
  static void stop() {
    clients.close();
    simulator.close();
  }

  @Test
  void givenTargets_whenAskedTwice_thenOneClientPerRegionAndRole() {
    // when
    DrsClient own = clients.forRegion(REGION);
    DrsClient ownAgain = clients.forTarget(REGION, "  ");
    DrsClient viaRole = clients.forTarget(REGION, ROLE);
    DrsClient otherRegion = clients.forTarget("eu-west-1", ROLE);

    // then
    assertThat(ownAgain).isSameAs(own);
    assertThat(clients.forTarget(new Target(REGION, ROLE))).isSameAs(viaRole);
    assertThat(List.of(own, viaRole, otherRegion)).doesNotHaveDuplicates();
    assertThat(new Target(REGION, ROLE)).hasToString("us-east-1 as " + ROLE);
    assertThatThrownBy(() -> new Target(" ", null)).hasMessageContaining("region");
  }

  @Test
  void givenARole_whenItsClientLaunches_thenTheJobIsInTheRolesAccountOnly() {
    // given a server replicating into the role's account
    String server = "s-drsclient00000001";
    simulator.addSourceServers(ACCOUNT, REGION, List.of(server));

    // when
    Job job =
        clients
            .forTarget(REGION, ROLE)
            .startRecovery(r -> r.isDrill(true).sourceServers(s -> s.sourceServerID(server)))
            .job();

    // then
    assertThat(job.arn())
        .isEqualTo("arn:aws:drs:" + REGION + ":" + ACCOUNT + ":job/" + job.jobID());
    assertThat(
            clients
                .forRegion(REGION)
                .describeJobs(r -> r.filters(f -> f.jobIDs(job.jobID())))
                .items())
        .isEmpty();
    assertThat(simulator.callCounts()).containsEntry("AssumeRole", 1L);
  }
}
