package io.drsorch.plans.http;

import static io.drsorch.plans.Json.plan;
import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.Json.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.RawHttp;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the service refuses before a request reaches a resource. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class RequestGuardTest {

  private static final String PLAN = plan("p", wave("db", List.of(server(601)), List.of()));

  private static String ownOrigin() {
    return "http://127.0.0.1:" + RestAssured.port;
  }

  // --- 0. host names (DNS rebinding) -----------------------------------------------------------

  private static String withHost(String method, String target, String host, String origin) {
    return method
        + " "
        + target
        + " HTTP/1.1\r\nHost: "
        + host
        + "\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n")
        + "Connection: close\r\n\r\n";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GET /plans", "GET /plans/p1", "DELETE /plans/p1", "GET /q/health/ready"})
  void givenARequestToAHostNameNotAllowed_whenCalled_then421NamingTheSetting(String call)
      throws Exception {
    // given: what a page of evil.example sends once its name points at this service
    String[] parts = call.split(" ");
    String host = "evil.example:" + RestAssured.port;

    // when
    String answer = RawHttp.exchange(withHost(parts[0], parts[1], host, "http://" + host));

    // then
    assertThat(RawHttp.status(answer)).isEqualTo(421);
    assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
    assertThat(answer).contains("{\"error\":\"this service does not answer to host 'evil.example'");
    assertThat(answer).contains("plans.allowed-hosts");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "[::1]"})
  void givenALoopbackHostName_whenRead_thenAnswered(String name) throws Exception {
    String answer =
        RawHttp.exchange(withHost("GET", "/plans", name + ":" + RestAssured.port, null));

    assertThat(RawHttp.status(answer)).isEqualTo(200);
  }

  @Test
  void givenAnOriginOfAnotherAllowedHostAtTheSamePort_whenStateIsChanged_thenAllowed() {
    String planId = uniqueId("sibling");
    given()
        .header("Origin", "http://localhost:" + RestAssured.port)
        .contentType(ContentType.JSON)
        .body(PLAN)
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);
  }

  @Test
  void givenAnOriginOfAnAllowedHostAtAnotherPort_whenStateIsChanged_then403() {
    // another local web server (a dev server on port 3000, say) is another site
    given()
        .header("Origin", "http://localhost:" + (RestAssured.port == 3000 ? 3001 : 3000))
        .contentType(ContentType.JSON)
        .body(PLAN)
        .put("/plans/{id}", uniqueId("other-port"))
        .then()
        .statusCode(403);
  }

  // --- 1. bodies of other content types -----------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/yaml"
      })
  void givenABodyOfAnotherContentType_whenPut_then415JsonNamingTheAcceptedTypes(String type)
      throws Exception {
    // given
    String planId = uniqueId("typed");

    // when
    String answer = RawHttp.exchange(RawHttp.request("PUT", "/plans/" + planId, type, PLAN, false));

    // then
    assertThat(RawHttp.status(answer)).isEqualTo(415);
    assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
    assertThat(answer).contains("send application/json or application/yaml\"}");
    given().get("/plans/{id}", planId).then().statusCode(404);
  }

  @Test
  void givenABodyWithoutContentType_whenPutOrPosted_then415() throws Exception {
    // given
    String planId = uniqueId("untyped");

    // when
    String put = RawHttp.exchange(RawHttp.request("PUT", "/plans/" + planId, null, PLAN, false));
    String post =
        RawHttp.exchange(
            RawHttp.request(
                "POST", "/plans/" + planId + "/executions", null, "{\"mode\":\"DRILL\"}", false));

    // then
    assertThat(RawHttp.status(put)).isEqualTo(415);
    assertThat(put).contains("{\"error\":\"a request body without a Content-Type is not accepted");
    assertThat(RawHttp.status(post)).isEqualTo(415);
    given().get("/plans/{id}", planId).then().statusCode(404);
  }

  @Test
  void givenJsonAndYamlWithParameters_whenPut_thenAccepted() {
    given()
        .contentType("application/json; charset=UTF-8")
        .body(PLAN)
        .put("/plans/{id}", uniqueId("json"))
        .then()
        .statusCode(200);
    given()
        .contentType("application/yaml; charset=UTF-8")
        .body(
            ("name: p\nwaves:\n  - {id: db, region: us-east-1, sourceServerIds: ["
                    + server(602)
                    + "]}\n")
                .getBytes(StandardCharsets.UTF_8))
        .put("/plans/{id}", uniqueId("yaml"))
        .then()
        .statusCode(200);
  }

  @Test
  void givenARefusedBodyAndANextRequestOnTheSameConnection_thenTheBodyIsNotReadAsARequest()
      throws Exception {
    // given: the refused body is itself a request, as a smuggling attempt would make it
    String smuggled = "DELETE /plans/victim HTTP/1.1\r\nHost: x\r\n\r\n";
    String first = RawHttp.request("PUT", "/plans/" + uniqueId("p"), "text/plain", smuggled, true);
    String second = RawHttp.request("GET", "/plans/nope-404", null, null, false);

    // when
    String answers = RawHttp.exchange(first + second);

    // then: exactly the two answers, 415 then 404
    assertThat(answers).startsWith("HTTP/1.1 415");
    assertThat(answers.split("HTTP/1.1 ", -1)).hasSize(3);
    assertThat(answers.substring(answers.lastIndexOf("HTTP/1.1 "))).startsWith("HTTP/1.1 404");
  }

  // --- 4. ids in paths, as sent -------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {";b", ";b=c", "%3Bb", "%2Fb", "%2fb", "%00", "%20b", "..", ".b"})
  void givenAPlanIdARouterWouldReadDifferently_whenPut_then400AndNothingStored(String tail)
      throws Exception {
    // given
    String planId = uniqueId("a");

    // when
    String answer =
        RawHttp.exchange(
            RawHttp.request("PUT", "/plans/" + planId + tail, "application/json", PLAN, false));

    // then
    assertThat(RawHttp.status(answer)).isEqualTo(400);
    assertThat(answer)
        .contains("{\"errors\":[{\"path\":\"planId\",\"message\":\"malformed plan id");
    given().get("/plans/{id}", planId).then().statusCode(404);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "GET /plans/a;b",
        "DELETE /plans/a%3Bb",
        "GET /protection-groups/g;x",
        "PUT /protection-groups/g%2Fx",
        "GET /executions/e;x",
        "POST /executions/e%2F..%2Fx/cancel",
        "POST /executions/e/waves/w;x/approve",
        "POST /executions/e/waves/w%2Fx/reject",
        "POST /plans/p;x/executions",
        "GET /plans/p/executions;x",
        "GET /q/health/ready;x",
        "GET //plans",
        "GET /q/../plans/p;x",
        "GET /q/%2e%2e/plans",
        "GET /plans/" + "x" + "%41"
      })
  void givenAnIdOrSegmentARouterWouldReadDifferently_whenCalled_then400Json(String call)
      throws Exception {
    // given
    String[] parts = call.split(" ");

    // when
    String answer = RawHttp.exchange(RawHttp.request(parts[0], parts[1], null, null, false));

    // then
    assertThat(RawHttp.status(answer)).isEqualTo(400);
    assertThat(answer).contains("{\"errors\":[{\"path\":");
  }

  @Test
  void givenAQuarkusPathThatIsNoId_whenGet_thenNotRefusedAsAPath() {
    // file names of /q/... (dev UI, OpenAPI) have dots: only the API's paths are made of ids
    given().get("/q/nothing.js").then().statusCode(404).contentType(ContentType.JSON);
  }

  @Test
  void givenAnOverlongIdInAPath_whenGet_then400AtItsParameter() {
    given()
        .get("/executions/{id}", "e".repeat(65))
        .then()
        .statusCode(400)
        .body("errors[0].path", equalTo("executionId"))
        .body("errors[0].message", startsWith("malformed execution id"));
  }

  // --- 5. origins -----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "http://evil.example",
        "null",
        "http://127.0.0.1",
        "https://127.0.0.1:PORT",
        "http://127.0.0.1:PORT.evil.example",
        "http://user@127.0.0.1:PORT",
        "not a url"
      })
  void givenAnotherOrigin_whenStateIsChanged_then403AndNothingChanges(String origin) {
    // given
    String planId = uniqueId("cross");
    String sent = origin.replace("PORT", Integer.toString(RestAssured.port));
    given()
        .contentType(ContentType.JSON)
        .body(PLAN)
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);

    // when / then
    given()
        .header("Origin", sent)
        .contentType(ContentType.JSON)
        .body(PLAN)
        .put("/plans/{id}", planId)
        .then()
        .statusCode(403)
        .contentType(ContentType.JSON)
        .body("error", startsWith("requests from another origin may not change anything"));
    given()
        .header("Origin", sent)
        .contentType(ContentType.JSON)
        .body("{\"mode\": \"DRILL\"}")
        .post("/plans/{id}/executions", planId)
        .then()
        .statusCode(403);
    given().header("Origin", sent).delete("/plans/{id}", planId).then().statusCode(403);
    given().get("/plans/{id}", planId).then().statusCode(200).body("version", equalTo(1));
  }

  @Test
  void givenAFormPostFromAnotherSite_whenSent_then403() throws Exception {
    // a form needs no preflight: only the Origin check stands between it and the API
    String request =
        "POST /plans/p1/executions HTTP/1.1\r\nHost: 127.0.0.1:"
            + RestAssured.port
            + "\r\nOrigin: http://evil.example\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 17\r\nConnection: close\r\n\r\n{\"mode\":\"DRILL\"}";

    assertThat(RawHttp.status(RawHttp.exchange(request))).isEqualTo(403);
  }

  @Test
  void givenTheServicesOwnOrigin_whenStateIsChanged_thenAllowed() {
    String planId = uniqueId("same");
    given()
        .header("Origin", ownOrigin())
        .contentType(ContentType.JSON)
        .body(PLAN)
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);
    given().header("Origin", ownOrigin()).delete("/plans/{id}", planId).then().statusCode(204);
  }

  @Test
  void givenAPreflight_whenAsked_then403WithoutAnyPermission() {
    // when
    Response answer =
        given()
            .header("Origin", "http://evil.example")
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "content-type")
            .options("/plans/{id}", "p1");

    // then
    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.headers().asList())
        .noneSatisfy(h -> assertThat(h.getName()).startsWithIgnoringCase("Access-Control-"));
  }

  @Test
  void givenACrossOriginRead_whenAnswered_thenNoPermissionToShowItToThePage() {
    Response answer = given().header("Origin", "http://evil.example").get("/plans");
    assertThat(answer.headers().asList())
        .noneSatisfy(h -> assertThat(h.getName()).startsWithIgnoringCase("Access-Control-"));
  }

  @Test
  void givenTheConfiguration_thenQuarkusCorsIsOff() {
    assertThat(
            ConfigProvider.getConfig().getOptionalValue("quarkus.http.cors.enabled", Boolean.class))
        .contains(false);
  }

  // --- 8. the framework's own errors are JSON ---------------------------------------------------

  @Test
  void givenRequestsNoResourceAnswers_whenCalled_thenJsonErrors() {
    given().get("/nowhere").then().statusCode(404).contentType(ContentType.JSON);
    given().get("/q/nowhere").then().statusCode(404).contentType(ContentType.JSON);
    given().get("/q/health/nowhere").then().statusCode(404).contentType(ContentType.JSON);
    given()
        .accept("text/html")
        .get("/nowhere")
        .then()
        .statusCode(404)
        .contentType(ContentType.JSON);
    given().post("/plans").then().statusCode(405).contentType(ContentType.JSON);
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .patch("/plans/p1")
        .then()
        .statusCode(405)
        .contentType(ContentType.JSON)
        .body("error", equalTo("HTTP 405 Method Not Allowed"));
    given().accept("text/html").get("/plans").then().statusCode(406).contentType(ContentType.JSON);
  }

  @Test
  void givenManyErrors_whenAnswered_thenAtMostTheLimitListed() {
    // given 300 malformed servers in one wave
    StringBuilder servers = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      servers.append(i == 0 ? "" : ", ").append("\"bad-").append(i).append('"');
    }
    String body =
        "{\"name\": \"p\", \"waves\": [{\"id\": \"db\", \"region\": \"us-east-1\","
            + " \"sourceServerIds\": ["
            + servers
            + "]}]}";

    // when / then
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .put("/plans/{id}", uniqueId("many"))
        .then()
        .statusCode(400)
        .body("errors", hasSize(100))
        .body("errors[99].path", equalTo(""))
        .body(
            "errors[99].message",
            equalTo("... and 201 more errors (only the first 99 are listed)"));
  }
}
