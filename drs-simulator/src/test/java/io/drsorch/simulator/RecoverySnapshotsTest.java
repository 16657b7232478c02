package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.simulator.servers.ReplicationState;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeRecoverySnapshotsRequest;
import software.amazon.awssdk.services.drs.model.DescribeRecoverySnapshotsRequestFilters;
import software.amazon.awssdk.services.drs.model.DescribeRecoverySnapshotsResponse;
import software.amazon.awssdk.services.drs.model.RecoverySnapshot;
import software.amazon.awssdk.services.drs.model.RecoverySnapshotsOrder;
import software.amazon.awssdk.services.drs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.drs.model.ValidationException;
import software.amazon.awssdk.services.drs.model.ValidationExceptionReason;

/**
 * Recovery snapshots: taken on a schedule from the clock while a server replicates continuously,
 * set explicitly over the admin API, listed by DescribeRecoverySnapshots through the real
 * DrsClient.
 */
class RecoverySnapshotsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant ADDED = Instant.parse("2026-11-22T10:00:00Z");

  private final MutableClock clock = new MutableClock(ADDED);
  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.addSourceServers("us-east-1", List.of(id(1), id(2)));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private HttpResponse<String> call(String method, String path, String body)
      throws IOException, InterruptedException {
    return AdminHttp.send(http, simulator.endpoint(), method, path, body);
  }

  private List<RecoverySnapshot> snapshots(
      String server, Consumer<DescribeRecoverySnapshotsRequest.Builder> request) {
    return drs.describeRecoverySnapshots(
            r -> {
              r.sourceServerID(server);
              request.accept(r);
            })
        .items();
  }

  private List<Instant> times(String server) {
    return snapshots(server, r -> {}).stream().map(s -> Instant.parse(s.timestamp())).toList();
  }

  private static Instant at(String minutesSeconds) {
    return ADDED.plus(Duration.parse("PT" + minutesSeconds));
  }

  @Test
  void givenANewServer_whenItsSnapshotsAreListed_thenItHasOneTakenWhenItWasAdded() {
    // when
    List<RecoverySnapshot> snapshots = snapshots(id(1), r -> {});

    // then
    assertThat(snapshots)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.snapshotID()).matches("pit-[0-9a-f]{17}");
              assertThat(s.sourceServerID()).isEqualTo(id(1));
              assertThat(s.expectedTimestamp()).isEqualTo("2026-11-22T10:00:00.000Z");
              assertThat(s.timestamp()).isEqualTo("2026-11-22T10:00:00.000Z");
              assertThat(s.ebsSnapshots()).singleElement().asString().matches("snap-[0-9a-f]{17}");
            });
    assertThat(snapshots(id(2), r -> {})).singleElement().isNotEqualTo(snapshots.get(0));
  }

  @Test
  void givenTheDefaultInterval_whenTimePasses_thenOneSnapshotIsTakenEveryTenMinutes() {
    // when
    clock.advance(Duration.ofMinutes(30).minusMillis(1));
    List<Instant> beforeTheFourth = times(id(1));
    clock.advanceSeconds(0.001);
    List<RecoverySnapshot> snapshots = snapshots(id(1), r -> {});

    // then
    assertThat(beforeTheFourth).containsExactly(at("0M"), at("10M"), at("20M"));
    assertThat(snapshots)
        .extracting(RecoverySnapshot::timestamp)
        .containsExactly(
            "2026-11-22T10:00:00.000Z",
            "2026-11-22T10:10:00.000Z",
            "2026-11-22T10:20:00.000Z",
            "2026-11-22T10:30:00.000Z");
    assertThat(snapshots.stream().map(RecoverySnapshot::snapshotID).distinct()).hasSize(4);
    assertThat(snapshots(id(1), r -> {})).as("ids are stable once taken").isEqualTo(snapshots);
  }

  @Test
  void givenAnIntervalConfiguredOverHttp_whenItChanges_thenTheNextSnapshotFallsOneNewIntervalLater()
      throws Exception {
    // given: at 10:05 every 60 s, a server added then
    clock.advance(Duration.ofMinutes(5));
    HttpResponse<String> set = call("PUT", "/_sim/config", "{\"snapshotIntervalSeconds\": 60}");
    simulator.addSourceServers("us-east-1", List.of(id(3)));
    clock.advanceSeconds(150);

    // when: at 10:07:30 every 300 s
    HttpResponse<String> changed =
        call("PUT", "/_sim/config", "{\"snapshotIntervalSeconds\": 300}");
    clock.advanceSeconds(600);

    // then
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(changed.body()).path("snapshotIntervalSeconds").asDouble())
        .isEqualTo(300.0);
    // each change applies from its instant: the next snapshot one new interval later
    assertThat(times(id(3)))
        .containsExactly(at("5M"), at("6M"), at("7M"), at("12M30S"), at("17M30S"));
    // a server added earlier, under the default 10 minutes, is rescheduled the same way
    assertThat(times(id(1)))
        .containsExactly(at("0M"), at("6M"), at("7M"), at("12M30S"), at("17M30S"));
  }

  @Test
  void givenTheIntervalInForce_whenConfiguredAgain_thenNoScheduleMoves() throws Exception {
    // given
    clock.advance(Duration.ofMinutes(5));

    // when
    HttpResponse<String> same = call("PUT", "/_sim/config", "{\"snapshotIntervalSeconds\": 600}");
    clock.advance(Duration.ofMinutes(5));

    // then
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(times(id(1))).containsExactly(at("0M"), at("10M"));
  }

  @Test
  void givenAServerOfAnotherAccount_whenTheIntervalChanges_thenItIsRescheduledToo() {
    // given
    simulator.addSourceServers(StsClients.OTHER_ACCOUNT, "us-east-1", List.of(id(7)));
    clock.advance(Duration.ofMinutes(5));

    // when
    simulator.configureSnapshotInterval(Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2));

    // then
    try (StsClients.AssumedRole other =
        StsClients.assumingRole(simulator, StsClients.ROLE_ARN, "snapshots")) {
      assertThat(other.drs().describeRecoverySnapshots(r -> r.sourceServerID(id(7))).items())
          .extracting(s -> Instant.parse(s.timestamp()))
          .containsExactly(at("0M"), at("6M"), at("7M"));
    }
  }

  @Test
  void givenSevenSnapshots_whenPagedByTwoInEachOrder_thenEachIsSeenOnceInThatOrder() {
    // given
    clock.advance(Duration.ofMinutes(60));

    // when
    List<RecoverySnapshot> ascending = new ArrayList<>();
    List<RecoverySnapshot> descending = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeRecoverySnapshotsResponse page =
          drs.describeRecoverySnapshots(
              r ->
                  r.sourceServerID(id(1))
                      .order(RecoverySnapshotsOrder.ASC)
                      .maxResults(2)
                      .nextToken(next));
      ascending.addAll(page.items());
      pageSizes.add(page.items().size());
      token = page.nextToken();
    } while (token != null);
    drs.describeRecoverySnapshotsPaginator(
            r -> r.sourceServerID(id(1)).order(RecoverySnapshotsOrder.DESC).maxResults(3))
        .items()
        .forEach(descending::add);

    // then
    assertThat(pageSizes).containsExactly(2, 2, 2, 1);
    assertThat(ascending)
        .extracting(s -> Instant.parse(s.timestamp()))
        .containsExactly(
            at("0M"), at("10M"), at("20M"), at("30M"), at("40M"), at("50M"), at("60M"));
    List<RecoverySnapshot> reversed = new ArrayList<>(ascending);
    java.util.Collections.reverse(reversed);
    assertThat(descending).isEqualTo(reversed);
    assertThat(snapshots(id(1), r -> {})).as("no order is oldest first").isEqualTo(ascending);
    assertThat(snapshots(id(1), r -> r.order(RecoverySnapshotsOrder.DESC).maxResults(1)))
        .as("the newest alone")
        .containsExactly(ascending.get(6));
  }

  @Test
  void givenAPageWasRead_whenANewSnapshotIsTaken_thenTheNextPageNeitherRepeatsNorSkips() {
    // given
    clock.advance(Duration.ofMinutes(20));
    DescribeRecoverySnapshotsResponse first =
        drs.describeRecoverySnapshots(r -> r.sourceServerID(id(1)).maxResults(2));

    // when
    clock.advance(Duration.ofMinutes(10));
    DescribeRecoverySnapshotsResponse second =
        drs.describeRecoverySnapshots(
            r -> r.sourceServerID(id(1)).maxResults(2).nextToken(first.nextToken()));

    // then
    assertThat(first.items()).extracting(RecoverySnapshot::timestamp).hasSize(2);
    assertThat(second.items())
        .extracting(s -> Instant.parse(s.timestamp()))
        .containsExactly(at("20M"), at("30M"));
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void givenSnapshots_whenFilteredByDates_thenOnlyThoseInTheRangeBothEndsIncluded() {
    // given
    clock.advance(Duration.ofMinutes(60));

    // when
    List<RecoverySnapshot> between =
        snapshots(
            id(1),
            r ->
                r.filters(
                    DescribeRecoverySnapshotsRequestFilters.builder()
                        .fromDateTime("2026-11-22T10:10:00Z")
                        .toDateTime("2026-11-22T10:30:00.000Z")
                        .build()));
    List<RecoverySnapshot> from =
        snapshots(
            id(1),
            r ->
                r.order(RecoverySnapshotsOrder.DESC)
                    .filters(
                        DescribeRecoverySnapshotsRequestFilters.builder()
                            .fromDateTime("2026-11-22T10:40:00.001Z")
                            .build()));
    List<RecoverySnapshot> upTo =
        snapshots(
            id(1),
            r ->
                r.filters(
                    DescribeRecoverySnapshotsRequestFilters.builder()
                        .toDateTime("2026-11-22T10:09:59Z")
                        .build()));

    // then
    assertThat(between)
        .extracting(s -> Instant.parse(s.timestamp()))
        .containsExactly(at("10M"), at("20M"), at("30M"));
    assertThat(from)
        .extracting(s -> Instant.parse(s.timestamp()))
        .containsExactly(at("60M"), at("50M"));
    assertThat(upTo).extracting(s -> Instant.parse(s.timestamp())).containsExactly(at("0M"));
  }

  @Test
  void givenAStalledServer_whenTimePasses_thenItTakesNoNewSnapshotsUntilItIsContinuousAgain() {
    // given: two snapshots, then replication stalls at 10:15
    clock.advance(Duration.ofMinutes(15));
    simulator.setReplication("us-east-1", id(1), ReplicationState.STALLED, Duration.ofMinutes(5));

    // when
    clock.advance(Duration.ofHours(2));
    List<Instant> whileStalled = times(id(1));
    simulator.setReplication("us-east-1", id(1), ReplicationState.CONTINUOUS, Duration.ZERO);
    clock.advance(Duration.ofMinutes(10));

    // then: the last one aged two hours; back to CONTINUOUS at 12:15, one at once and on schedule
    assertThat(whileStalled).containsExactly(at("0M"), at("10M"));
    assertThat(times(id(1))).containsExactly(at("0M"), at("10M"), at("2H15M"), at("2H25M"));
    assertThat(times(id(2))).hasSize(15);
  }

  @Test
  void givenAServerStalledOverHttp_whenTimePasses_thenItsLastSnapshotAges() throws Exception {
    // given
    clock.advance(Duration.ofMinutes(25));
    HttpResponse<String> stalled =
        call("PUT", "/_sim/source-servers/" + id(1), "{\"replicationState\": \"STALLED\"}");

    // when
    clock.advance(Duration.ofHours(1));
    HttpResponse<String> later =
        call("PUT", "/_sim/source-servers/" + id(1), "{\"lagSeconds\": 4500}");

    // then
    assertThat(JSON.readTree(stalled.body()).path("lastSnapshotDateTime").asText())
        .isEqualTo("2026-11-22T10:20:00.000Z");
    assertThat(JSON.readTree(later.body()).path("lastSnapshotDateTime").asText())
        .isEqualTo("2026-11-22T10:20:00.000Z");
    assertThat(JSON.readTree(later.body()).path("snapshotCount").asInt()).isEqualTo(3);
    assertThat(snapshots(id(1), r -> r.order(RecoverySnapshotsOrder.DESC).maxResults(1)))
        .extracting(RecoverySnapshot::timestamp)
        .containsExactly("2026-11-22T10:20:00.000Z");
  }

  @Test
  void givenAServerThatStopsReplicating_whenListed_thenItsSnapshotsAreGone() {
    // given
    clock.advance(Duration.ofMinutes(30));

    // when: the model's StopReplication deletes a server's snapshots
    simulator.setReplication("us-east-1", id(1), ReplicationState.STOPPED, Duration.ZERO);
    clock.advance(Duration.ofMinutes(30));

    // then
    assertThat(snapshots(id(1), r -> {})).isEmpty();
  }

  @Test
  void givenAServerStillInInitialSync_whenItBecomesContinuous_thenItsFirstSnapshotIsTakenThen() {
    // given
    simulator.addSourceServers(
        "us-east-1", List.of(id(3)), ReplicationState.INITIAL_SYNC, Duration.ZERO);
    clock.advance(Duration.ofMinutes(45));
    List<RecoverySnapshot> duringSync = snapshots(id(3), r -> {});

    // when
    simulator.setReplication("us-east-1", id(3), ReplicationState.CONTINUOUS, Duration.ZERO);
    clock.advance(Duration.ofMinutes(10));

    // then
    assertThat(duringSync).isEmpty();
    assertThat(times(id(3))).containsExactly(at("45M"), at("55M"));
  }

  @Test
  void givenAServerAddedStalled_whenListed_thenItHasOnlyTheSnapshotOfWhenItWasAdded() {
    // given
    simulator.addSourceServers(
        "us-east-1", List.of(id(3)), ReplicationState.STALLED, Duration.ofMinutes(30));

    // when
    clock.advance(Duration.ofHours(3));

    // then
    assertThat(times(id(3))).containsExactly(ADDED);
  }

  @Test
  void givenExplicitSnapshotTimesOverHttp_whenListed_thenExactlyThoseAreThereAndTheScheduleGoesOn()
      throws Exception {
    // given
    clock.advance(Duration.ofHours(2));

    // when
    HttpResponse<String> set =
        call(
            "POST",
            "/_sim/source-servers/" + id(1) + "/snapshots",
            "{\"snapshots\": [\"2026-11-22T11:00:00Z\", \"2026-11-22T09:00:00Z\","
                + " \"2026-11-22T11:30:00.250Z\"]}");
    List<RecoverySnapshot> listed = snapshots(id(1), r -> {});
    clock.advance(Duration.ofMinutes(10));

    // then
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(set.body());
    assertThat(answer.path("snapshotCount").asInt()).isEqualTo(3);
    assertThat(answer.path("lastSnapshotDateTime").asText()).isEqualTo("2026-11-22T11:30:00.250Z");
    assertThat(listed)
        .extracting(RecoverySnapshot::timestamp)
        .containsExactly(
            "2026-11-22T09:00:00.000Z", "2026-11-22T11:00:00.000Z", "2026-11-22T11:30:00.250Z");
    List<String> answeredIds = new ArrayList<>();
    answer.path("snapshots").forEach(s -> answeredIds.add(s.path("snapshotID").asText()));
    assertThat(listed).extracting(RecoverySnapshot::snapshotID).isEqualTo(answeredIds);
    assertThat(times(id(1))).last().isEqualTo(at("2H10M"));
    assertThat(times(id(1))).hasSize(4);
  }

  @Test
  void givenAnEmptyListOfTimes_whenSet_thenTheServerHasNoSnapshot() {
    // when
    List<String> ids = simulator.setRecoverySnapshots("us-east-1", id(1), List.of());

    // then
    assertThat(ids).isEmpty();
    assertThat(snapshots(id(1), r -> {})).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"snapshots\": [\"2026-11-22T10:00:01Z\"]}|future",
        "{\"snapshots\": [\"2026-11-22T09:00:00Z\", \"2026-11-22T09:00:00.000Z\"]}|twice",
        "{\"snapshots\": [\"yesterday\"]}|snapshots[0]",
        "{\"snapshots\": \"2026-11-22T09:00:00Z\"}|snapshots",
        "{\"snapshot\": [\"2026-11-22T09:00:00Z\"]}|snapshot",
      })
  void givenBadSnapshotTimes_whenSet_then400NamingTheProblemAndNothingChanges(String caseText)
      throws Exception {
    // given
    String[] parts = caseText.split("\\|");
    List<RecoverySnapshot> before = snapshots(id(1), r -> {});

    // when
    HttpResponse<String> refused =
        call("POST", "/_sim/source-servers/" + id(1) + "/snapshots", parts[0]);

    // then
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).path("message").asText()).contains(parts[1]);
    assertThat(snapshots(id(1), r -> {})).isEqualTo(before);
  }

  @Test
  void givenAnUnknownServer_whenItsSnapshotsAreSetOrListed_then404AndResourceNotFound()
      throws Exception {
    // when
    HttpResponse<String> set =
        call(
            "POST",
            "/_sim/source-servers/" + id(9) + "/snapshots",
            "{\"snapshots\": [\"2026-11-22T09:00:00Z\"]}");
    ResourceNotFoundException listed =
        catchThrowableOfType(
            ResourceNotFoundException.class,
            () -> drs.describeRecoverySnapshots(r -> r.sourceServerID(id(9))));

    // then
    assertThat(set.statusCode()).isEqualTo(404);
    assertThat(listed.statusCode()).isEqualTo(404);
    assertThat(listed.resourceId()).isEqualTo(id(9));
    assertThat(listed.resourceType()).isEqualTo("SOURCE_SERVER");
  }

  @Test
  void givenAServerOfAnotherRegion_whenListedFromThisOne_thenResourceNotFound() {
    // given
    simulator.addSourceServers("eu-west-1", List.of(id(5)));

    // when
    ResourceNotFoundException e =
        catchThrowableOfType(
            ResourceNotFoundException.class,
            () -> drs.describeRecoverySnapshots(r -> r.sourceServerID(id(5))));
    try (DrsClient ireland = DrsClients.withoutRetries(simulator.endpoint(), "eu-west-1")) {
      // then
      assertThat(e).isNotNull();
      assertThat(ireland.describeRecoverySnapshots(r -> r.sourceServerID(id(5))).items())
          .hasSize(1);
    }
  }

  @Test
  void givenMalformedRequests_whenListed_thenValidationExceptionNamingEachField() {
    // when / then
    assertThat(invalidField(r -> {})).isEqualTo("sourceServerID");
    assertThat(invalidField(r -> r.sourceServerID("s-1"))).isEqualTo("sourceServerID");
    assertThat(invalidField(r -> r.sourceServerID(id(1)).order("NEWEST"))).isEqualTo("order");
    assertThat(
            invalidField(
                r -> r.sourceServerID(id(1)).filters(f -> f.fromDateTime("2026-11-22 10:00:00"))))
        .isEqualTo("filters.fromDateTime");
    assertThat(
            invalidField(
                r -> r.sourceServerID(id(1)).filters(f -> f.toDateTime("2026-02-30T10:00:00Z"))))
        .isEqualTo("filters.toDateTime");
    assertThat(invalidField(r -> r.sourceServerID(id(1)).maxResults(0))).isEqualTo("maxResults");
    String otherServersToken =
        drs.describeRecoverySnapshots(r -> r.sourceServerID(id(2)).maxResults(1)).nextToken();
    clock.advance(Duration.ofMinutes(10));
    String token =
        drs.describeRecoverySnapshots(r -> r.sourceServerID(id(2)).maxResults(1)).nextToken();
    assertThat(otherServersToken).isNull();
    assertThat(invalidField(r -> r.sourceServerID(id(1)).nextToken(token))).isEqualTo("nextToken");
    assertThat(
            invalidField(
                r -> r.sourceServerID(id(2)).order(RecoverySnapshotsOrder.DESC).nextToken(token)))
        .as("a token of the other order")
        .isEqualTo("nextToken");
  }

  private String invalidField(Consumer<DescribeRecoverySnapshotsRequest.Builder> request) {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> drs.describeRecoverySnapshots(request));
    assertThat(e).as("a ValidationException").isNotNull();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
    assertThat(e.fieldList()).hasSize(1);
    return e.fieldList().get(0).name();
  }

  @Test
  void givenATinyIntervalAndALongTime_whenListed_thenOnlyTheNewestThousandAreKept() {
    // given
    simulator.configureSnapshotInterval(Duration.ofSeconds(1));

    // when
    clock.advance(Duration.ofHours(3));
    List<RecoverySnapshot> kept = new ArrayList<>();
    drs.describeRecoverySnapshotsPaginator(r -> r.sourceServerID(id(1))).items().forEach(kept::add);

    // then
    assertThat(kept).hasSize(1000);
    assertThat(kept.get(999).timestamp()).isEqualTo("2026-11-22T13:00:00.000Z");
    assertThat(kept.get(0).timestamp()).isEqualTo("2026-11-22T12:43:21.000Z");
  }
}
