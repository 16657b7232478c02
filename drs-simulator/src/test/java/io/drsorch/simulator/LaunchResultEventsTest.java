package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static io.drsorch.simulator.ServerIds.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.simulator.events.EventConfig;
import io.drsorch.simulator.events.EventCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * Launch-result events pushed to a real HTTP receiver, driven by a hand-moved clock: jobs take 2 s
 * PENDING and 3 s STARTED, so every job created at the start completes at 10:00:05.123.
 */
class LaunchResultEventsTest {

  private static final Instant START = Instant.parse("2026-11-22T10:00:00.123Z");

  private final MutableClock clock = new MutableClock(START);
  private EventReceiver receiver;
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    receiver = new EventReceiver();
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 3, 0);
    simulator.seedEvents(7);
    simulator.addSourceServers("us-east-1", ids(1, 10));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
    receiver.close();
  }

  private String launch(DrsClient client, boolean drill, List<String> servers) {
    return client
        .startRecovery(
            r ->
                r.isDrill(drill)
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

  private static String serverOf(JsonNode event) {
    String arn = event.path("resources").get(0).asText();
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  @Test
  void givenADrillWithOneFailingServer_whenTheJobCompletes_thenEachServerGetsItsExactEvent() {
    // given
    simulator.configureEvents(EventConfig.to(receiver.url(), "secret-key"));
    simulator.failNextLaunch(id(2));
    String jobId = launch(drs, true, List.of(id(1), id(2)));

    // when
    clock.advanceSeconds(4.9);
    int dueBeforeCompletion = simulator.deliverDueEvents();
    clock.advanceSeconds(0.1);
    int dueAtCompletion = simulator.deliverDueEvents();

    // then
    assertThat(dueBeforeCompletion).isZero();
    assertThat(dueAtCompletion).isEqualTo(2);
    assertThat(receiver.received()).hasSize(2);
    for (EventReceiver.Received request : receiver.received()) {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.header("x-api-key")).isEqualTo("secret-key");
    }
    JsonNode launched = receiver.bodies().get(0);
    JsonNode failed = receiver.bodies().get(1);
    assertEnvelope(launched, "us-east-1", "123456789012", id(1));
    assertEnvelope(failed, "us-east-1", "123456789012", id(2));
    assertThat(launched.path("time").asText()).isEqualTo("2026-11-22T10:00:05Z");
    assertThat(launched.path("detail").toString())
        .isEqualTo(
            "{\"state\":\"RECOVERY_LAUNCH_SUCCEEDED\",\"job-id\":\""
                + jobId
                + "\",\"is-drill\":\"TRUE\"}");
    assertThat(failed.path("detail").toString())
        .isEqualTo(
            "{\"state\":\"RECOVERY_LAUNCH_FAILED\",\"job-id\":\""
                + jobId
                + "\",\"is-drill\":\"TRUE\"}");
    assertThat(launched.path("id").asText()).isNotEqualTo(failed.path("id").asText());
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(2, 0, 0, 0));
  }

  private static void assertEnvelope(
      JsonNode event, String region, String account, String sourceServerId) {
    List<String> fields = new ArrayList<>();
    event.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "version",
            "id",
            "detail-type",
            "source",
            "account",
            "time",
            "region",
            "resources",
            "detail");
    assertThat(event.path("version").asText()).isEqualTo("0");
    assertThat(UUID.fromString(event.path("id").asText())).isNotNull();
    assertThat(event.path("detail-type").asText()).isEqualTo("DRS Source Server Launch Result");
    assertThat(event.path("source").asText()).isEqualTo("aws.drs");
    assertThat(event.path("account").asText()).isEqualTo(account);
    assertThat(event.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(event.path("region").asText()).isEqualTo(region);
    assertThat(event.path("resources").toString())
        .isEqualTo(
            "[\"arn:aws:drs:"
                + region
                + ":"
                + account
                + ":source-server/"
                + sourceServerId
                + "\"]");
  }

  @Test
  void givenARecoveryInAnotherRegionAndACustomHeader_whenItCompletes_thenTheEventSaysSo() {
    // given
    simulator.addSourceServers("eu-west-1", List.of(id(1)));
    simulator.configureEvents(
        EventConfig.to(receiver.url(), "k-123").withApiKeyHeader("X-Watcher-Key"));
    String jobId;
    try (DrsClient euWest = DrsClients.withoutRetries(simulator.endpoint(), "eu-west-1")) {
      jobId = launch(euWest, false, List.of(id(1)));
    }

    // when
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then
    assertThat(receiver.received()).hasSize(1);
    EventReceiver.Received request = receiver.received().get(0);
    assertThat(request.header("X-Watcher-Key")).isEqualTo("k-123");
    assertThat(request.header("x-api-key")).isNull();
    assertEnvelope(request.body(), "eu-west-1", "123456789012", id(1));
    assertThat(request.body().path("detail").path("is-drill").asText()).isEqualTo("FALSE");
    assertThat(request.body().path("detail").path("job-id").asText()).isEqualTo(jobId);
  }

  @Test
  void givenLossRateOne_whenJobsComplete_thenNothingArrivesAndAllAreCountedDropped() {
    // given
    simulator.configureEvents(EventConfig.to(receiver.url(), "k").withLossRate(1.0));
    launch(drs, true, ids(1, 3));

    // when
    clock.advanceSeconds(5);
    int due = simulator.deliverDueEvents();

    // then
    assertThat(due).isEqualTo(3);
    assertThat(receiver.received()).isEmpty();
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(0, 3, 0, 0));
  }

  @Test
  void givenDuplicateRateOne_whenJobsComplete_thenEachEventArrivesTwiceWithTheSameId() {
    // given
    simulator.configureEvents(EventConfig.to(receiver.url(), "k").withDuplicateRate(1.0));
    launch(drs, true, ids(1, 2));

    // when
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then
    List<JsonNode> bodies = receiver.bodies();
    assertThat(bodies).hasSize(4);
    assertThat(bodies.stream().map(LaunchResultEventsTest::serverOf))
        .containsExactlyInAnyOrder(id(1), id(1), id(2), id(2));
    assertThat(bodies.stream().map(b -> b.path("id").asText()).distinct()).hasSize(2);
    assertThat(bodies.get(0)).isEqualTo(bodies.get(1));
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(4, 0, 2, 0));
  }

  @Test
  void givenTheSameSeed_whenHalfTheEventsAreLost_thenTheSameServersGetTheirEvents() {
    // given
    simulator.configureEvents(EventConfig.to(receiver.url(), "k").withLossRate(0.5));
    simulator.seedEvents(42);
    launch(drs, true, ids(1, 10));
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();
    List<String> firstRun =
        receiver.bodies().stream().map(LaunchResultEventsTest::serverOf).toList();

    // when
    simulator.seedEvents(42);
    launch(drs, true, ids(1, 10));
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then
    List<String> secondRun =
        receiver.bodies().stream()
            .skip(firstRun.size())
            .map(LaunchResultEventsTest::serverOf)
            .toList();
    assertThat(firstRun).isNotEmpty().hasSizeLessThan(10).isEqualTo(secondRun);
    assertThat(simulator.eventCounts().dropped()).isEqualTo(2L * (10 - firstRun.size()));
  }

  @Test
  void givenNoTarget_whenJobsComplete_thenNothingIsPushedOrCounted() {
    // given
    launch(drs, true, ids(1, 2));

    // when
    clock.advanceSeconds(5);
    int due = simulator.deliverDueEvents();

    // then
    assertThat(due).isEqualTo(2);
    assertThat(receiver.received()).isEmpty();
    assertThat(simulator.eventConfig()).isEqualTo(EventConfig.NONE);
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(0, 0, 0, 0));
  }

  @Test
  void givenADelay_whenTheJobCompletes_thenTheEventComesLaterWithTheLaunchTime() {
    // given
    simulator.configureEvents(
        EventConfig.to(receiver.url(), "k").withDelay(Duration.ofSeconds(10)));
    launch(drs, true, List.of(id(1)));

    // when
    clock.advanceSeconds(5);
    int dueAtCompletion = simulator.deliverDueEvents();
    clock.advanceSeconds(10);
    int dueAfterDelay = simulator.deliverDueEvents();

    // then
    assertThat(dueAtCompletion).isZero();
    assertThat(dueAfterDelay).isEqualTo(1);
    assertThat(receiver.bodies().get(0).path("time").asText()).isEqualTo("2026-11-22T10:00:05Z");
  }

  @Test
  void givenATerminationJob_whenItCompletes_thenNoLaunchResultEvent() {
    // given
    simulator.configureEvents(EventConfig.to(receiver.url(), "k"));
    launch(drs, true, List.of(id(1)));
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();
    String instanceId = drs.describeRecoveryInstances(r -> {}).items().get(0).recoveryInstanceID();

    // when
    drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instanceId));
    clock.advanceSeconds(5);
    int due = simulator.deliverDueEvents();

    // then
    assertThat(due).isZero();
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void givenAnInvalidRate_whenConfigured_thenRefusedNamingTheField() {
    // given
    EventConfig config = EventConfig.to(receiver.url(), "k");

    // when / then
    assertThatThrownBy(() -> config.withLossRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eventLossRate");
    assertThatThrownBy(() -> config.withDuplicateRate(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eventDuplicateRate");
    assertThatThrownBy(() -> config.withDuplicateRate(Double.NaN))
        .hasMessageContaining("eventDuplicateRate");
    assertThatThrownBy(() -> config.withTargetUrl(java.net.URI.create("ftp://host/x")))
        .hasMessageContaining("eventTargetUrl");
  }
}
