package io.drsorch.drctl.plans;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PlanDescribeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void givenAWaveThatTakesAWholeGroup_whenDescribed_thenTheGroupIsCountedApartFromListedServers()
      throws Exception {
    // given
    var plan =
        JSON.readTree(
            """
            {"name": "Payments", "waves": [
              {"id": "db", "protectionGroupId": "payments-db", "sourceServerIds": []},
              {"id": "app", "sourceServerIds": ["s-paymentsapp000001"], "dependsOn": ["db"]}]}
            """);

    // when / then
    assertThat(PlanCommand.describe(plan))
        .isEqualTo("Payments: 2 waves [db, app], 1 server and the servers of 1 group");
  }

  @Test
  void givenListedServersOnly_whenDescribed_thenTheyAreCounted() throws Exception {
    var plan =
        JSON.readTree(
            """
            {"name": "Three tiers", "waves": [
              {"id": "db", "sourceServerIds": ["s-a", "s-b"]},
              {"id": "web", "sourceServerIds": ["s-c"]}]}
            """);

    assertThat(PlanCommand.describe(plan)).isEqualTo("Three tiers: 2 waves [db, web], 3 servers");
  }
}
