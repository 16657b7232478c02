package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.events.EventConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/** Event pushing configured and observed over the admin API, on the real clock. */
class EventsAdminApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private EventReceiver receiver;
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    receiver = new EventReceiver();
    simulator = DrsSimulator.start("127.0.0.1", 0);
    simulator.addSourceServers("us-east-1", List.of(id(1)));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
    receiver.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return AdminHttp.send(http, simulator.endpoint(), method, path, body);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Test
  void givenEventsConfiguredOverHttp_whenAJobCompletes_thenTheEventArrivesAndIsCounted()
      throws Exception {
    // given
    HttpResponse<String> set =
        call(
            "PUT",
            "/_sim/config",
            "{\"pendingSeconds\": 0.1, \"startedSeconds\": 0.1, \"eventTargetUrl\": \""
                + receiver.url()
                + "\", \"eventApiKeyHeader\": \"x-watcher-key\", \"eventApiKey\": \"s3cret\","
                + " \"eventLossRate\": 0, \"eventDuplicateRate\": 0, \"eventDelaySeconds\": 0.1,"
                + " \"eventSeed\": 5}");

    // when
    drs.startRecovery(
        r ->
            r.isDrill(true)
                .sourceServers(
                    StartRecoveryRequestSourceServer.builder().sourceServerID(id(1)).build()));

    // then
    assertThat(set.statusCode()).isEqualTo(200);
    JsonNode config = json(call("GET", "/_sim/config", null));
    assertThat(config.path("eventTargetUrl").asText()).isEqualTo(receiver.url().toString());
    assertThat(config.path("eventApiKeyHeader").asText()).isEqualTo("x-watcher-key");
    assertThat(config.path("eventApiKey").asText()).isEqualTo("****");
    assertThat(config.path("eventDelaySeconds").asDouble()).isEqualTo(0.1);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(receiver.received()).hasSize(1));
    assertThat(receiver.received().get(0).header("x-watcher-key")).isEqualTo("s3cret");
    JsonNode counts = json(call("GET", "/_sim/events", null));
    assertThat(counts.toString())
        .isEqualTo("{\"sent\":1,\"dropped\":0,\"duplicated\":0,\"failed\":0}");
    JsonNode reset = json(call("DELETE", "/_sim/events", null));
    assertThat(reset.path("sent").asLong()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "eventLossRate, 1.5",
    "eventLossRate, -0.5",
    "eventDuplicateRate, 2",
    "eventDuplicateRate, '\"often\"'",
    "eventDelaySeconds, -1"
  })
  void givenAnInvalidEventSetting_whenConfigured_thenBadRequestNamingItAndNothingChanges(
      String field, String value) throws Exception {
    // when
    HttpResponse<String> refused =
        call(
            "PUT",
            "/_sim/config",
            "{\"pendingSeconds\": 9, \"eventTargetUrl\": \""
                + receiver.url()
                + "\", \""
                + field
                + "\": "
                + value
                + "}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText()).contains(field);
    JsonNode config = json(call("GET", "/_sim/config", null));
    assertThat(config.path("pendingSeconds").asDouble()).isEqualTo(2.0);
    assertThat(config.path("eventTargetUrl").isNull()).isTrue();
  }

  @Test
  void givenATarget_whenSetToNull_thenPushingStops() throws Exception {
    // given
    simulator.configureEvents(EventConfig.to(receiver.url(), "k"));

    // when
    HttpResponse<String> cleared =
        call("PUT", "/_sim/config", "{\"eventTargetUrl\": null, \"eventApiKey\": null}");

    // then
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(json(cleared).path("eventTargetUrl").isNull()).isTrue();
    assertThat(json(cleared).path("eventApiKey").isNull()).isTrue();
    assertThat(simulator.eventConfig().pushes()).isFalse();
  }

  @Test
  void givenAMalformedTarget_whenConfigured_thenBadRequestNamingIt() throws Exception {
    // when
    HttpResponse<String> refused =
        call("PUT", "/_sim/config", "{\"eventTargetUrl\": \"not a url\"}");

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).path("message").asText()).contains("eventTargetUrl");
  }
}
