package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.events.EventConfig;
import io.drsorch.simulator.events.EventCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * Several event targets, as an EventBridge rule with several API destinations (one per job-watcher
 * instance): each target gets every event, on its own, so one target that is down neither delays
 * nor takes anything from another.
 */
class EventTargetsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private EventReceiver first;
  private EventReceiver second;
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    first = new EventReceiver();
    second = new EventReceiver();
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 3, 0);
    simulator.addSourceServers("us-east-1", ids(1, 6));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
    first.close();
    second.close();
  }

  @Test
  void givenTwoTargets_whenJobsComplete_thenEachTargetGetsEveryEventOnceWithTheSameIds() {
    // given
    simulator.configureEvents(EventConfig.to(List.of(first.url(), second.url()), "k"));
    launch(ids(1, 2));
    launch(ids(3, 1));

    // when
    clock.advanceSeconds(5);
    int due = simulator.deliverDueEvents();

    // then
    assertThat(due).isEqualTo(3);
    assertThat(first.received()).hasSize(3);
    assertThat(second.received()).hasSize(3);
    assertThat(eventIds(first)).hasSize(3).isEqualTo(eventIds(second));
    assertThat(first.received()).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo("k"));
    assertThat(second.received()).allSatisfy(r -> assertThat(r.header("x-api-key")).isEqualTo("k"));
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(6, 0, 0, 0));
    assertThat(simulator.eventCountsByTarget())
        .containsExactly(
            Map.entry(first.url(), new EventCounts(3, 0, 0, 0)),
            Map.entry(second.url(), new EventCounts(3, 0, 0, 0)));
  }

  @Test
  void givenOneTargetDown_whenJobsComplete_thenTheOtherStillGetsEveryEvent() throws IOException {
    // given: the first target refuses connections, as a killed watcher does
    URI down = closedPortUrl();
    simulator.configureEvents(EventConfig.to(List.of(down, second.url()), "k"));
    launch(ids(1, 4));

    // when
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then
    assertThat(second.received()).hasSize(4);
    assertThat(simulator.eventCountsByTarget())
        .containsExactly(
            Map.entry(down, new EventCounts(0, 0, 0, 4)),
            Map.entry(second.url(), new EventCounts(4, 0, 0, 0)));
  }

  @Test
  void givenALossRate_whenEventsAreDue_thenEachTargetLosesItsOwnShareIndependently() {
    // given: half of the events lost, drawn for each target on its own
    simulator.configureEvents(
        EventConfig.to(List.of(first.url(), second.url()), "k").withLossRate(0.5));
    simulator.seedEvents(7);
    for (int server = 1; server <= 6; server++) {
      launch(ids(server, 1));
    }

    // when
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then: each target's events delivered plus lost make all six, and the two lost different ones
    Map<URI, EventCounts> counts = simulator.eventCountsByTarget();
    for (EventReceiver target : List.of(first, second)) {
      EventCounts of = counts.get(target.url());
      assertThat(of.sent()).isEqualTo(target.received().size());
      assertThat(of.sent() + of.dropped()).isEqualTo(6);
    }
    assertThat(servers(first)).isNotEqualTo(servers(second));
  }

  @Test
  void givenSeveralTargetsOverTheAdminApi_thenTheyAreSetShownAndCountedEach() throws Exception {
    // when: a comma-separated text, then an array
    HttpResponse<String> text =
        call(
            "PUT",
            "/_sim/config",
            "{\"eventTargetUrl\": \"" + first.url() + " , " + second.url() + "\"}");
    HttpResponse<String> array =
        call(
            "PUT",
            "/_sim/config",
            "{\"eventTargetUrl\": [\"" + second.url() + "\", \"" + first.url() + "\"]}");
    launch(ids(1, 1));
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();
    JsonNode events = json(call("GET", "/_sim/events", null));
    JsonNode byTarget = json(call("GET", "/_sim/events/targets", null));

    // then
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(json(text).path("eventTargetUrl").asText())
        .isEqualTo(first.url() + "," + second.url());
    assertThat(array.statusCode()).isEqualTo(200);
    JsonNode config = json(call("GET", "/_sim/config", null));
    assertThat(config.path("eventTargetUrl").asText()).isEqualTo(second.url() + "," + first.url());
    assertThat(simulator.eventConfig().targetUrls()).containsExactly(second.url(), first.url());
    assertThat(events.path("sent").asLong()).isEqualTo(2);
    assertThat(byTarget.path("targets")).hasSize(2);
    for (JsonNode target : byTarget.path("targets")) {
      assertThat(target.path("sent").asLong()).as("%s", target).isEqualTo(1);
    }
  }

  @Test
  void givenTooManyOrRepeatedTargets_whenConfigured_thenRefusedNamingTheFieldAndNothingChanges()
      throws Exception {
    // given
    simulator.configureEvents(EventConfig.to(first.url(), "k"));
    List<String> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add("\"http://127.0.0.1:" + (9000 + i) + "/events\"");
    }

    // when
    HttpResponse<String> tooMany =
        call("PUT", "/_sim/config", "{\"eventTargetUrl\": [" + String.join(",", six) + "]}");
    HttpResponse<String> twice =
        call(
            "PUT",
            "/_sim/config",
            "{\"eventTargetUrl\": \"" + second.url() + "," + second.url() + "\"}");

    // then
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).path("message").asText()).contains("eventTargetUrl").contains("5");
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(json(twice).path("message").asText()).contains("eventTargetUrl");
    assertThat(simulator.eventConfig().targetUrls()).containsExactly(first.url());
    assertThatThrownBy(() -> EventConfig.parseTargetUrls("http://a/x, not a url"))
        .hasMessageContaining("eventTargetUrl");
    assertThat(EventConfig.parseTargetUrls(" ")).isEmpty();
  }

  private String launch(List<String> servers) {
    return drs.startRecovery(
            r ->
                r.isDrill(true)
                    .sourceServers(
                        servers.stream()
                            .map(
                                s ->
                                    StartRecoveryRequestSourceServer.builder()
                                        .sourceServerID(s)
                                        .build())
                            .toList()))
        .job()
        .jobID();
  }

  private static List<String> eventIds(EventReceiver receiver) {
    return receiver.bodies().stream().map(b -> b.path("id").asText()).sorted().toList();
  }

  private static Set<String> servers(EventReceiver receiver) {
    return receiver.bodies().stream()
        .map(b -> b.path("resources").get(0).asText())
        .collect(Collectors.toSet());
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return AdminHttp.send(http, simulator.endpoint(), method, path, body);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  private static URI closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/events");
    }
  }
}
