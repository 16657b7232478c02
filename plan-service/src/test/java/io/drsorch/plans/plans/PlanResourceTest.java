package io.drsorch.plans.plans;

import static io.drsorch.plans.Json.plan;
import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.Json.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.RawHttp;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class PlanResourceTest {

  private static final String S1 = server(101);
  private static final String S2 = server(102);
  private static final String S3 = server(103);

  private static String threeTier() {
    return plan(
        "Three tier",
        wave("db", List.of(S1), List.of()),
        wave("app", List.of(S2), List.of("db")),
        wave("web", List.of(S3), List.of("app")));
  }

  private static ValidatableResponse put(String planId, String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .put("/plans/{id}", planId)
        .then();
  }

  @Test
  void givenNewPlan_whenPut_thenStoredAsVersionOneAndReadable() {
    // given
    String planId = uniqueId("plan");

    // when
    put(planId, threeTier())
        .statusCode(200)
        .body("planId", equalTo(planId))
        .body("version", equalTo(1))
        .body("updatedAt", notNullValue())
        .body("waves.id", contains("db", "app", "web"))
        .body("waves[1].name", equalTo("app"))
        .body("waves[1].dependsOn", contains("db"));

    // then
    given()
        .get("/plans/{id}", planId)
        .then()
        .statusCode(200)
        .body("name", equalTo("Three tier"))
        .body("version", equalTo(1))
        .body("waves[0].sourceServerIds", contains(S1));
    given().get("/plans").then().statusCode(200).body("planId", hasItem(planId));
  }

  @Test
  void givenStoredPlan_whenPutAgain_thenVersionIncrementsAndTheNextGetSeesIt() {
    // given
    String planId = uniqueId("plan");
    put(planId, threeTier()).statusCode(200);

    for (int version = 2; version <= 4; version++) {
      // when
      String name = "Three tier v" + version;
      put(planId, threeTier().replace("Three tier", name))
          .statusCode(200)
          .body("version", equalTo(version));

      // then: the very next read, with no wait, sees the write
      given()
          .get("/plans/{id}", planId)
          .then()
          .statusCode(200)
          .body("name", equalTo(name))
          .body("version", equalTo(version));
    }
  }

  @Test
  void givenPlanReadBack_whenPutAsIs_thenAccepted() {
    // given
    String planId = uniqueId("plan");
    String stored = put(planId, threeTier()).statusCode(200).extract().asString();

    // when / then: the read-only fields of an answer are accepted back
    put(planId, stored).statusCode(200).body("version", equalTo(2));
  }

  @Test
  void givenYamlPlan_whenPut_thenStored() {
    // given
    String planId = uniqueId("plan");
    String yaml =
        """
        name: From YAML
        description: databases first
        waves:
          - id: db
            name: Database
            region: eu-central-1
            sourceServerIds: [%s]
            timeoutMinutes: 90
          - id: app
            region: eu-central-1
            sourceServerIds:
              - %s
            dependsOn: [db]
        """
            .formatted(S1, S2);

    // when
    given()
        .contentType("application/yaml")
        .body(yaml.getBytes(StandardCharsets.UTF_8))
        .put("/plans/{id}", planId)
        .then()
        // then
        .statusCode(200)
        .body("description", equalTo("databases first"))
        .body("waves[0].name", equalTo("Database"))
        .body("waves[0].timeoutMinutes", equalTo(90))
        .body("waves[1].dependsOn", contains("db"));
  }

  @Test
  void givenStoredPlan_whenDeleted_then204AndGone() {
    // given
    String planId = uniqueId("plan");
    put(planId, threeTier()).statusCode(200);

    // when
    given().delete("/plans/{id}", planId).then().statusCode(204);

    // then
    given()
        .get("/plans/{id}", planId)
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON)
        .body("error", containsString(planId));
    given().get("/plans").then().body("planId", org.hamcrest.Matchers.not(hasItem(planId)));
  }

  @Test
  void givenDeletedPlan_whenPutAgain_thenStartsOverAtVersionOne() {
    // given
    String planId = uniqueId("plan");
    put(planId, threeTier()).statusCode(200);
    put(planId, threeTier()).statusCode(200);
    given().delete("/plans/{id}", planId).then().statusCode(204);

    // when / then
    put(planId, threeTier()).statusCode(200).body("version", equalTo(1));
  }

  @Test
  void givenUnknownPlan_whenGetOrDelete_then404Json() {
    given().get("/plans/nope-404").then().statusCode(404).body("error", notNullValue());
    given().delete("/plans/nope-404").then().statusCode(404).body("error", notNullValue());
  }

  static Stream<Arguments> invalidPlans() {
    String w = wave("db", List.of(S1), List.of());
    return Stream.of(
        Arguments.of("no name", "{\"waves\": [" + w + "]}", "name"),
        Arguments.of("no waves", "{\"name\": \"p\", \"waves\": []}", "waves"),
        Arguments.of("no wave id", plan("p", w.replace("\"id\": \"db\", ", "")), "waves[0].id"),
        Arguments.of("malformed wave id", plan("p", w.replace("\"db\"", "\"d b\"")), "waves[0].id"),
        Arguments.of(
            "duplicate wave id", plan("p", w, wave("db", List.of(S2), List.of())), "waves[1].id"),
        Arguments.of(
            "malformed region", plan("p", w.replace("us-east-1", "us-east")), "waves[0].region"),
        Arguments.of(
            "malformed server id",
            plan("p", wave("db", List.of(S1, "s-123"), List.of())),
            "waves[0].sourceServerIds[1]"),
        Arguments.of(
            "server in two waves",
            plan("p", w, wave("app", List.of(S2, S1), List.of("db"))),
            "waves[1].sourceServerIds[1]"),
        Arguments.of(
            "empty wave", plan("p", wave("db", List.of(), List.of())), "waves[0].sourceServerIds"),
        Arguments.of(
            "unknown protection group",
            plan("p", w.replace("\"dependsOn\"", "\"protectionGroupId\": \"nope\", \"dependsOn\"")),
            "waves[0].protectionGroupId"),
        Arguments.of(
            "unknown dependency",
            plan("p", w, wave("app", List.of(S2), List.of("cache"))),
            "waves[1].dependsOn[0]"),
        Arguments.of(
            "self dependency",
            plan("p", wave("db", List.of(S1), List.of("db"))),
            "waves[0].dependsOn[0]"),
        Arguments.of(
            "cycle",
            plan(
                "p",
                wave("db", List.of(S1), List.of("app")),
                wave("app", List.of(S2), List.of("db"))),
            "waves[0].dependsOn[0]"),
        Arguments.of(
            "duplicate dependency",
            plan("p", w, wave("app", List.of(S2), List.of("db", "db"))),
            "waves[1].dependsOn[1]"),
        Arguments.of(
            "timeout out of range",
            plan("p", w.replace("\"dependsOn\"", "\"timeoutMinutes\": 1441, \"dependsOn\"")),
            "waves[0].timeoutMinutes"),
        Arguments.of(
            "approval timeout out of range",
            plan(
                "p",
                w.replace(
                    "\"dependsOn\"",
                    "\"approvalRequired\": true, \"approvalTimeoutMinutes\": 0, \"dependsOn\"")),
            "waves[0].approvalTimeoutMinutes"),
        Arguments.of(
            "approval timeout without approval",
            plan("p", w.replace("\"dependsOn\"", "\"approvalTimeoutMinutes\": 5, \"dependsOn\"")),
            "waves[0].approvalTimeoutMinutes"),
        Arguments.of(
            "optional server listed twice",
            plan(
                "p",
                w.replace(
                    "\"dependsOn\"",
                    "\"optionalServerIds\": [\"" + S1 + "\", \"" + S1 + "\"], \"dependsOn\"")),
            "waves[0].optionalServerIds[1]"),
        Arguments.of(
            "approvalRequired not a boolean",
            plan("p", w.replace("\"dependsOn\"", "\"approvalRequired\": \"yes\", \"dependsOn\"")),
            "waves[0].approvalRequired"));
  }

  @Test
  void givenAGatedWaveWithOptionalServers_whenPut_thenShownBackAndAcceptedBackAsIs() {
    // given
    String planId = uniqueId("gated");
    String body =
        plan(
            "Gated",
            wave("db", List.of(S1, S2), List.of())
                .replace(
                    "\"dependsOn\"",
                    "\"approvalRequired\": true, \"approvalTimeoutMinutes\": 30,"
                        + " \"optionalServerIds\": [\""
                        + S2
                        + "\"], \"dependsOn\""),
            wave("app", List.of(S3), List.of("db")));

    // when
    put(planId, body).statusCode(200);

    // then: each wave shows its gate and optional servers, defaults included
    String stored =
        given()
            .get("/plans/{id}", planId)
            .then()
            .statusCode(200)
            .body("waves[0].approvalRequired", equalTo(true))
            .body("waves[0].approvalTimeoutMinutes", equalTo(30))
            .body("waves[0].optionalServerIds", contains(S2))
            .body("waves[1].approvalRequired", equalTo(false))
            .body("waves[1].approvalTimeoutMinutes", nullValue())
            .body("waves[1].optionalServerIds", hasSize(0))
            .extract()
            .asString();
    put(planId, stored).statusCode(200).body("version", equalTo(2));
    given()
        .get("/plans")
        .then()
        .body("find { it.planId == '" + planId + "' }.waves[0].optionalServerIds", contains(S2));
  }

  @Test
  void givenAnOptionalServerNotOfTheWave_whenPut_then400NamingTheIdAndTheWave() {
    // given: S3 is app's
    String planId = uniqueId("optional");
    String body =
        plan(
            "p",
            wave("db", List.of(S1), List.of())
                .replace("\"dependsOn\"", "\"optionalServerIds\": [\"" + S3 + "\"], \"dependsOn\""),
            wave("app", List.of(S3), List.of("db")));

    // when
    put(planId, body)
        // then
        .statusCode(400)
        .body("errors", hasSize(1))
        .body("errors[0].path", equalTo("waves[0].optionalServerIds[0]"))
        .body(
            "errors[0].message",
            equalTo("optional server '" + S3 + "' is not one of the servers of wave 'db'"));
  }

  @Test
  void givenAWaveOfAGroup_whenItsOptionalServerIsNotInTheGroup_then400NamingTheGroup() {
    // given
    String groupId = uniqueId("group");
    given()
        .contentType(ContentType.JSON)
        .body(io.drsorch.plans.Json.group("us-east-1", List.of(S1, S2)))
        .put("/protection-groups/{id}", groupId)
        .then()
        .statusCode(200);
    String wave =
        "{\"id\": \"db\", \"region\": \"us-east-1\", \"protectionGroupId\": \""
            + groupId
            + "\", \"optionalServerIds\": [\""
            + S2
            + "\", \""
            + S3
            + "\"]}";

    // when
    put(uniqueId("optional"), plan("p", wave))
        // then: S2 is the group's, S3 is not
        .statusCode(400)
        .body("errors", hasSize(1))
        .body("errors[0].path", equalTo("waves[0].optionalServerIds[1]"))
        .body(
            "errors[0].message",
            equalTo(
                "optional server '"
                    + S3
                    + "' is not one of the servers of wave 'db' (protection group '"
                    + groupId
                    + "')"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPlans")
  void givenInvalidPlan_whenPut_then400AtTheFieldPath(String what, String body, String path) {
    // given
    String planId = uniqueId("bad");

    // when
    put(planId, body)
        // then
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("errors", hasSize(1))
        .body("errors[0].path", equalTo(path))
        .body("errors[0].message", notNullValue());
    given().get("/plans/{id}", planId).then().statusCode(404);
  }

  @Test
  void givenCycle_whenPut_thenTheMessageNamesIt() {
    // given
    String body =
        plan(
            "p",
            wave("db", List.of(S1), List.of("web")),
            wave("app", List.of(S2), List.of("db")),
            wave("web", List.of(S3), List.of("app")));

    // when / then
    put(uniqueId("bad"), body)
        .statusCode(400)
        .body("errors[0].message", equalTo("cycle: db -> app -> web -> db"));
  }

  @Test
  void givenManyProblems_whenPut_thenAllAreListed() {
    // given
    String body =
        plan(
            "",
            wave("db", List.of("s-1"), List.of("db")),
            wave("app", List.of(), List.of("cache")));

    // when
    List<String> paths =
        put(uniqueId("bad"), body).statusCode(400).extract().jsonPath().getList("errors.path");

    // then
    assertThat(paths)
        .containsExactly(
            "name",
            "waves[0].sourceServerIds[0]",
            "waves[0].dependsOn[0]",
            "waves[1].sourceServerIds",
            "waves[1].dependsOn[0]");
  }

  static Stream<Arguments> unreadableBodies() {
    return Stream.of(
        Arguments.of("application/json", "{\"name\": \"p\", \"waves\": [", "", "malformed JSON"),
        Arguments.of("application/json", "not json at all", "", "malformed JSON"),
        Arguments.of(
            "application/json", "[1, 2]", "", "wrong type: expected an object, got an array"),
        Arguments.of(
            "application/json",
            "{\"name\": \"p\", \"waves\": \"db\"}",
            "waves",
            "wrong type: expected an array, got the string 'db'"),
        Arguments.of(
            "application/json",
            "{\"name\": \"p\", \"waves\": [{\"id\": \"db\", \"timeoutMinutes\": \"soon\"}]}",
            "waves[0].timeoutMinutes",
            "wrong type: expected a whole number, got the string 'soon'"),
        Arguments.of(
            "application/json",
            "{\"name\": \"p\", \"waves\": [{\"id\": \"db\", \"dependOn\": []}]}",
            "waves[0].dependOn",
            "unknown field 'dependOn'"),
        Arguments.of("application/json", "", "", "a request body is required"),
        Arguments.of("application/yaml", "name: p\nwaves: [\n", "", "malformed YAML"),
        Arguments.of(
            "application/yaml",
            "name: p\nwaves:\n  id: db\n",
            "waves",
            "wrong type: expected an array, got an object"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unreadableBodies")
  void givenUnreadableBody_whenPut_then400AtTheOffendingField(
      String contentType, String body, String path, String message) {
    given()
        .contentType(contentType)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .put("/plans/{id}", uniqueId("bad"))
        .then()
        .statusCode(400)
        .contentType(ContentType.JSON)
        .body("errors", hasSize(1))
        .body("errors[0].path", equalTo(path))
        .body("errors[0].message", startsWith(message));
  }

  @Test
  void givenMalformedPlanId_whenPut_then400AtPlanId() {
    put("bad.id", threeTier()).statusCode(400).body("errors[0].path", equalTo("planId"));
  }

  @Test
  void givenUnknownPathOrMethod_whenCalled_thenJsonError() {
    given().get("/nowhere").then().statusCode(404).contentType(ContentType.JSON);
    given().post("/plans").then().statusCode(405).contentType(ContentType.JSON);
  }

  @Test
  void givenPlanTimeouts_whenPutAsJson_thenStoredAndReturned() {
    // given
    String planId = uniqueId("plan");
    String body =
        "{\"name\": \"Timed\", \"waveTimeoutMinutes\": 45, \"executionTimeoutMinutes\": 600,"
            + " \"waves\": ["
            + wave("db", List.of(S1), List.of())
            + "]}";

    // when
    put(planId, body)
        .statusCode(200)
        .body("waveTimeoutMinutes", equalTo(45))
        .body("executionTimeoutMinutes", equalTo(600));

    // then
    given()
        .get("/plans/{id}", planId)
        .then()
        .statusCode(200)
        .body("waveTimeoutMinutes", equalTo(45))
        .body("executionTimeoutMinutes", equalTo(600));
  }

  @Test
  void givenPlanTimeouts_whenPutAsYaml_thenStored() {
    // given
    String yaml =
        """
        name: Timed
        waveTimeoutMinutes: 30
        executionTimeoutMinutes: 10080
        waves:
          - id: db
            region: us-east-1
            sourceServerIds: [%s]
        """
            .formatted(S1);

    // when
    given()
        .contentType("application/yaml")
        .body(yaml.getBytes(StandardCharsets.UTF_8))
        .put("/plans/{id}", uniqueId("plan"))
        .then()
        // then
        .statusCode(200)
        .body("waveTimeoutMinutes", equalTo(30))
        .body("executionTimeoutMinutes", equalTo(10080));
  }

  @Test
  void givenNoPlanTimeouts_whenPut_thenNullMeaningTheSchedulerDefaults() {
    put(uniqueId("plan"), threeTier())
        .statusCode(200)
        .body("waveTimeoutMinutes", nullValue())
        .body("executionTimeoutMinutes", nullValue());
  }

  @Test
  void givenPlanTimeoutsOutOfRangeOrNotWholeNumbers_whenPut_then400AtTheirFields() {
    // given
    String outOfRange =
        "{\"name\": \"p\", \"waveTimeoutMinutes\": 1441, \"executionTimeoutMinutes\": 0,"
            + " \"waves\": ["
            + wave("db", List.of(S1), List.of())
            + "]}";
    String notANumber = "{\"name\": \"p\", \"executionTimeoutMinutes\": \"a day\", \"waves\": []}";

    // when / then
    put(uniqueId("plan"), outOfRange)
        .statusCode(400)
        .body("errors.path", contains("waveTimeoutMinutes", "executionTimeoutMinutes"));
    put(uniqueId("plan"), notANumber)
        .statusCode(400)
        .body("errors[0].path", equalTo("executionTimeoutMinutes"));
  }

  @Test
  void givenTooManyWaves_whenPut_then400AtWaves() {
    // given
    String[] waves = new String[201];
    for (int i = 0; i < waves.length; i++) {
      waves[i] = wave("w" + i, List.of(server(10_000 + i)), List.of());
    }

    // when / then
    put(uniqueId("plan"), plan("Big", waves))
        .statusCode(400)
        .body("errors", hasSize(1))
        .body("errors[0].path", equalTo("waves"))
        .body("errors[0].message", containsString("at most 200 waves"));
  }

  @Test
  void givenOverlongPlanId_whenPut_then400WithTheIdCutShort() {
    put("p".repeat(300), threeTier())
        .statusCode(400)
        .body("errors[0].path", equalTo("planId"))
        .body("errors[0].message", containsString("(300 characters)"));
  }

  @Test
  void givenBodyDeclaredOverTheLimit_whenPut_then413WithJsonError() throws Exception {
    // given a request that announces 2 MiB; the answer must not need the body
    String request =
        "PUT /plans/"
            + uniqueId("huge")
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2097152\r\n\r\n{\"name\": \"";

    // when
    String answer = RawHttp.exchange(request);

    // then
    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
    assertThat(answer)
        .endsWith(
            "{\"error\":\"request body of 2097152 bytes is over the limit of 1048576 bytes\"}");
  }

  @Test
  void givenChunkedBodyOverTheLimit_whenPut_then413WithJsonError() throws Exception {
    // given a body without Content-Length, sent in chunks until it passes 1 MiB
    StringBuilder request =
        new StringBuilder("PUT /plans/")
            .append(uniqueId("huge"))
            .append(" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n")
            .append("Transfer-Encoding: chunked\r\n\r\n");
    String chunk = "x".repeat(64 * 1024);
    for (int i = 0; i < 17; i++) {
      request
          .append(Integer.toHexString(chunk.length()))
          .append("\r\n")
          .append(chunk)
          .append("\r\n");
    }
    request.append("0\r\n\r\n");

    // when
    String answer = RawHttp.exchange(request.toString());

    // then
    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(answer).contains("{\"error\":");
  }

  @Test
  void givenChunkedBodyUnderTheLimit_whenPut_thenStored() throws Exception {
    // given a small plan sent without Content-Length
    String body = threeTier();
    String request =
        "PUT /plans/"
            + uniqueId("chunked")
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + Integer.toHexString(body.getBytes(StandardCharsets.UTF_8).length)
            + "\r\n"
            + body
            + "\r\n0\r\n\r\n";

    // when
    String answer = RawHttp.exchange(request);

    // then
    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(answer).contains("\"version\":1");
  }
}
