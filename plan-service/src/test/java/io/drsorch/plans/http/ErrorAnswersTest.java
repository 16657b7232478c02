package io.drsorch.plans.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.plans.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever goes wrong inside, a client gets {@code 500 {"error": "internal error"}} and nothing of
 * the service's internals, and the service goes on answering.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class ErrorAnswersTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/test-failures/out-of-memory",
        "/test-failures/stack-overflow",
        "/test-failures/exception",
        "/test-route-failures/out-of-memory",
        "/test-route-failures/stack-overflow",
        "/test-route-failures/exception"
      })
  void givenAFailure_whenAnswered_thenJson500WithoutInternals(String path) {
    // a resource only answers what it produces (JSON); a route answers any client
    String[] accepts =
        path.startsWith("/test-route-failures")
            ? new String[] {"application/json", "text/html", "*/*"}
            : new String[] {"application/json", "*/*"};
    for (String accept : accepts) {
      // when
      Response answer = given().accept(accept).get(path);

      // then
      assertThat(answer.statusCode()).isEqualTo(500);
      assertThat(answer.contentType()).startsWith("application/json");
      assertThat(answer.asString()).isEqualTo("{\"error\":\"internal error\"}");
    }
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void givenAFrameworkFailureWithAStatusOfItsOwn_whenAnswered_thenThatStatusWithoutInternals() {
    Response answer = given().accept("application/json").get("/test-failures/unavailable");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.asString()).isEqualTo("{\"error\":\"Service Unavailable\"}");
  }
}
