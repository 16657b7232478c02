package io.drsorch.deploy.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DRS refusing or failing launches, injected through the simulator's fault API, on the whole stack:
 * what is retryable is retried by the scheduler with a new attempt until the wave completes; what
 * is not fails the wave with DRS's own words and skips everything that depends on it.
 */
class DrsFaultsTest {

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.shared(
          "faults-stack", Map.of("SIM_PENDING_SECONDS", "0.5", "SIM_STARTED_SECONDS", "1"));

  private static final Duration LIMIT = Duration.ofSeconds(90);

  private static Drills drills;

  @BeforeAll
  static void connect() {
    drills = new Drills(STACK);
  }

  @AfterEach
  void clearFaults() {
    drills.simulator().clearFaults();
  }

  @Test
  void givenAThrottlingStormOnStartRecovery_whenDrilled_thenTheWavesCompleteOnALaterAttempt() {
    // given: db -> app; the next three StartRecovery calls are throttled
    Map<String, List<String>> servers = drills.servers(2, "db", "app");
    String planId = drills.plan(servers, Map.of("app", List.of("db")));
    drills.simulator().failNextCalls("StartRecovery", "ThrottlingException", 3, 1, null);

    // when
    JsonNode view = drills.runToEnd(planId, LIMIT);

    // then
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
    // db took the whole storm: three refusals, then its fourth attempt launched.
    assertThat(Drills.wave(view, "db").path("attempt").asInt()).isEqualTo(4);
    assertThat(Drills.wave(view, "db").path("jobIds")).hasSize(1);
    assertThat(Drills.wave(view, "app").path("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void givenAConflictException_whenDrilled_thenTheLaunchIsRetriedAndCompletes() {
    // given
    Map<String, List<String>> servers = drills.servers(2, "db");
    String planId = drills.plan(servers, Map.of());
    drills.simulator().failNextCalls("StartRecovery", "ConflictException", 1, null, null);

    // when
    JsonNode view = drills.runToEnd(planId, LIMIT);

    // then
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
    assertThat(Drills.wave(view, "db").path("attempt").asInt()).isGreaterThan(1);
  }

  @Test
  void givenAnInternalServerException_whenDrilled_thenTheLaunchIsRetriedAndCompletes() {
    // given
    Map<String, List<String>> servers = drills.servers(2, "db");
    String planId = drills.plan(servers, Map.of());
    drills.simulator().failNextCalls("StartRecovery", "InternalServerException", 2, 1, null);

    // when
    JsonNode view = drills.runToEnd(planId, LIMIT);

    // then
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("COMPLETED");
    assertThat(Drills.wave(view, "db").path("attempt").asInt()).isEqualTo(3);
  }

  @Test
  void givenAccessDenied_whenDrilled_thenTheWaveFailsWithDrsMessageAndDependentsAreSkipped() {
    // given: db -> app -> web; DRS refuses db's launch for good
    Map<String, List<String>> servers = drills.servers(1, "db", "app", "web");
    String planId = drills.plan(servers, Map.of("app", List.of("db"), "web", List.of("app")));
    String message = "User is not authorized to perform: drs:StartRecovery";
    drills.simulator().failNextCalls("StartRecovery", "AccessDeniedException", 1, null, message);

    // when
    JsonNode view = drills.runToEnd(planId, LIMIT);

    // then
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("FAILED");
    JsonNode db = Drills.wave(view, "db");
    assertThat(db.path("status").asText()).isEqualTo("FAILED");
    assertThat(db.path("reason").asText()).contains(message);
    // Not retryable: one attempt only.
    assertThat(db.path("attempt").asInt()).isEqualTo(1);
    for (String dependent : List.of("app", "web")) {
      JsonNode wave = Drills.wave(view, dependent);
      assertThat(wave.path("status").asText()).as(dependent).isEqualTo("SKIPPED");
      assertThat(wave.path("jobIds")).as(dependent).isEmpty();
    }
  }

  @Test
  void givenAServerThatFailsToLaunch_whenDrilled_thenItsWaveFailsNamingItAndDependentsSkip() {
    // given: db -> app, with an independent batch wave; one of db's servers will fail
    Map<String, List<String>> servers = drills.servers(2, "db", "app", "batch");
    String planId = drills.plan(servers, Map.of("app", List.of("db")));
    String failing = servers.get("db").get(0);
    drills.simulator().failNextLaunch(failing);

    // when
    JsonNode view = drills.runToEnd(planId, LIMIT);

    // then
    assertThat(view.path("status").asText()).as("view %s", view).isEqualTo("FAILED");
    JsonNode db = Drills.wave(view, "db");
    assertThat(db.path("status").asText()).isEqualTo("FAILED");
    assertThat(db.path("reason").asText()).contains(failing);
    assertThat(Drills.wave(view, "app").path("status").asText()).isEqualTo("SKIPPED");
    assertThat(Drills.wave(view, "batch").path("status").asText()).isEqualTo("COMPLETED");
  }
}
