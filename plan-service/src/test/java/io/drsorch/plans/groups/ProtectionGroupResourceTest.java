package io.drsorch.plans.groups;

import static io.drsorch.plans.Json.group;
import static io.drsorch.plans.Json.plan;
import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.drsorch.plans.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ProtectionGroupResourceTest {

  private static final String S1 = server(201);
  private static final String S2 = server(202);

  static ValidatableResponse putGroup(String groupId, String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .put("/protection-groups/{id}", groupId)
        .then();
  }

  private static String planUsing(String groupId) {
    return plan(
        "Uses a group",
        String.format(
            "{\"id\": \"db\", \"region\": \"us-east-1\", \"protectionGroupId\": \"%s\","
                + " \"sourceServerIds\": [\"%s\"]}",
            groupId, S2));
  }

  @Test
  void givenNewGroup_whenPutThenUpdated_thenVersionsIncrementAndReadsSeeEachWrite() {
    // given
    String groupId = uniqueId("group");

    // when
    putGroup(groupId, group("us-east-1", List.of(S1)))
        .statusCode(200)
        .body("groupId", equalTo(groupId))
        .body("version", equalTo(1))
        .body("accountId", equalTo("123456789012"));
    putGroup(groupId, group("us-east-1", List.of(S1, S2)))
        .statusCode(200)
        .body("version", equalTo(2));

    // then
    given()
        .get("/protection-groups/{id}", groupId)
        .then()
        .statusCode(200)
        .body("version", equalTo(2))
        .body("sourceServerIds", contains(S1, S2))
        .body("region", equalTo("us-east-1"));
    given().get("/protection-groups").then().statusCode(200).body("groupId", hasItem(groupId));
  }

  @Test
  void givenGroupWithARoleToAssume_whenPut_thenTheRoleAndItsAccountAreStored() {
    // given
    String groupId = uniqueId("group");
    String body =
        String.format(
            "{\"name\": \"Payments\", \"region\": \"eu-west-1\", \"sourceServerIds\": [\"%s\"],"
                + " \"roleArn\": \"arn:aws:iam::111122223333:role/DrsOrchestrator\"}",
            S1);

    // when
    putGroup(groupId, body).statusCode(200);

    // then
    given()
        .get("/protection-groups/{id}", groupId)
        .then()
        .statusCode(200)
        .body("roleArn", equalTo("arn:aws:iam::111122223333:role/DrsOrchestrator"))
        .body("accountId", equalTo("111122223333"));
  }

  @Test
  void givenInvalidGroup_whenPut_then400WithEveryError() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"name\": \"\", \"region\": \"east\", \"sourceServerIds\": [\"s-1\", \"s-1\"]}")
        .put("/protection-groups/{id}", uniqueId("group"))
        .then()
        .statusCode(400)
        .body(
            "errors.path", contains("name", "region", "sourceServerIds[0]", "sourceServerIds[1]"));
    putGroup(uniqueId("group"), group("us-east-1", List.of()))
        .statusCode(400)
        .body("errors.path", contains("sourceServerIds"));
  }

  @Test
  void givenGroup_whenDeleted_thenGone() {
    // given
    String groupId = uniqueId("group");
    putGroup(groupId, group("us-east-1", List.of(S1))).statusCode(200);

    // when
    given().delete("/protection-groups/{id}", groupId).then().statusCode(204);

    // then
    given().get("/protection-groups/{id}", groupId).then().statusCode(404);
    given().get("/protection-groups").then().body("groupId", not(hasItem(groupId)));
    given().delete("/protection-groups/{id}", groupId).then().statusCode(404);
  }

  @Test
  void givenGroupUsedByPlan_whenDeleted_then409NamingThePlan() {
    // given
    String groupId = uniqueId("group");
    String planId = uniqueId("plan");
    putGroup(groupId, group("us-east-1", List.of(S1, S2))).statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body(planUsing(groupId))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // when / then
    given()
        .delete("/protection-groups/{id}", groupId)
        .then()
        .statusCode(409)
        .body("error", containsString(planId));
    given().get("/protection-groups/{id}", groupId).then().statusCode(200);

    // and once the plan is gone, the group can go
    given().delete("/plans/{id}", planId).then().statusCode(204);
    given().delete("/protection-groups/{id}", groupId).then().statusCode(204);
  }

  @Test
  void givenGroupUsedByPlan_whenChangedInAWayThatBreaksThePlan_then409() {
    // given: the plan launches S2 from the group
    String groupId = uniqueId("group");
    String planId = uniqueId("plan");
    putGroup(groupId, group("us-east-1", List.of(S1, S2))).statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body(planUsing(groupId))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // when / then
    putGroup(groupId, group("us-east-1", List.of(S1)))
        .statusCode(409)
        .body("error", containsString(planId));
    putGroup(groupId, group("eu-west-1", List.of(S1, S2)))
        .statusCode(409)
        .body("error", containsString(planId));
    putGroup(groupId, group("us-east-1", List.of(S1, S2, server(203))))
        .statusCode(200)
        .body("version", equalTo(2));
  }

  @Test
  void givenPlanWithGroupInAnotherRegion_whenPut_then400AtTheWaveRegion() {
    // given
    String groupId = uniqueId("group");
    putGroup(groupId, group("eu-west-1", List.of(S1, S2))).statusCode(200);

    // when / then
    given()
        .contentType(ContentType.JSON)
        .body(planUsing(groupId))
        .put("/plans/{id}", uniqueId("plan"))
        .then()
        .statusCode(400)
        .body("errors.path", contains("waves[0].region"));
  }

  @Test
  void givenPlanWithServerOutsideItsGroup_whenPut_then400AtTheServer() {
    // given
    String groupId = uniqueId("group");
    putGroup(groupId, group("us-east-1", List.of(S1))).statusCode(200);

    // when / then
    given()
        .contentType(ContentType.JSON)
        .body(planUsing(groupId))
        .put("/plans/{id}", uniqueId("plan"))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("waves[0].sourceServerIds[0]"))
        .body("errors[0].message", containsString("is not in protection group"));
  }
}
