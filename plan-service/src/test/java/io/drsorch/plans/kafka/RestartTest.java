package io.drsorch.plans.kafka;

import static io.drsorch.plans.Json.plan;
import static io.drsorch.plans.Json.server;
import static io.drsorch.plans.Json.uniqueId;
import static io.drsorch.plans.Json.wave;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.drsorch.avro.RecoveryPlan;
import io.drsorch.plans.KafkaTestResource;
import io.drsorch.plans.TestKafka;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a restarted (or a second) instance sees: a fresh reader on the plans topic rebuilds every
 * plan at its latest version and honours deletions.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class RestartTest {

  private static void put(String planId, String name) {
    given()
        .contentType(ContentType.JSON)
        .body(plan(name, wave("db", List.of(server(401)), List.of())))
        .put("/plans/{id}", planId)
        .then()
        .statusCode(200);
  }

  @Test
  void givenPlansWrittenThroughTheService_whenANewReaderStarts_thenItRebuildsThemFromTheTopic() {
    // given
    String kept = uniqueId("plan");
    String deleted = uniqueId("plan");
    put(kept, "first");
    put(kept, "second");
    put(deleted, "doomed");
    given().delete("/plans/{id}", deleted).then().statusCode(204);

    // when
    try (TopicView<RecoveryPlan> reader =
        TopicView.latestWins(
                TestKafka.bootstrapServers(),
                Topics.RECOVERY_PLANS.name(),
                TestKafka.topic(Topics.RECOVERY_PLANS).value().deserializer())
            .start()) {
      await().atMost(Duration.ofSeconds(30)).until(reader::isCaughtUp);

      // then
      assertThat(reader.get(kept))
          .hasValueSatisfying(
              plan -> {
                assertThat(plan.getName()).isEqualTo("second");
                assertThat(plan.getVersion()).isEqualTo(2L);
                assertThat(plan.getWaves().get(0).getSourceServerIds())
                    .containsExactly(server(401));
              });
      assertThat(reader.get(deleted)).isEmpty();
    }
  }

  @Test
  void givenStartedService_whenReadinessAsked_thenUpOnceViewsCaughtUp() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks[0].data.'drs.recovery-plans'", equalTo("caught up"));
  }
}
