package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static io.drsorch.simulator.ServerIds.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.simulator.events.EventConfig;
import io.drsorch.simulator.events.EventCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/** Best-effort delivery: retries, failures that are counted, and an API that never waits on it. */
class EventDeliveryTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private EventReceiver receiver;
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    receiver = new EventReceiver();
  }

  @AfterEach
  void stop() {
    if (drs != null) {
      drs.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    receiver.close();
  }

  private void startSimulator(Clock simulatorClock, double pending, double started) {
    simulator = DrsSimulator.start("127.0.0.1", 0, simulatorClock);
    simulator.configure(pending, started, 0);
    simulator.addSourceServers("us-east-1", ids(1, 3));
    drs = DrsClients.withoutRetries(simulator.endpoint());
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

  private JobStatus statusOf(String jobId) {
    return drs.describeJobs(
            r -> r.filters(DescribeJobsRequestFilters.builder().jobIDs(jobId).build()))
        .items()
        .get(0)
        .status();
  }

  @Test
  void givenATargetThatAlwaysFails_whenAnEventIsDue_thenItIsRetriedThenCountedFailed() {
    // given
    startSimulator(clock, 2, 3);
    receiver.answer(n -> 500);
    simulator.configureEvents(EventConfig.to(receiver.url(), "k"));
    String jobId = launch(List.of(id(1)));

    // when
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then
    assertThat(receiver.received()).hasSize(3);
    assertThat(receiver.bodies())
        .allSatisfy(b -> assertThat(b).isEqualTo(receiver.bodies().get(0)));
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(0, 0, 0, 1));
    assertThat(statusOf(jobId)).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void givenATargetThatFailsTwice_whenAnEventIsDue_thenTheThirdAttemptDeliversIt() {
    // given
    startSimulator(clock, 2, 3);
    receiver.answer(n -> n <= 2 ? 503 : 202);
    simulator.configureEvents(EventConfig.to(receiver.url(), "k"));
    launch(List.of(id(1)));

    // when
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then
    assertThat(receiver.received()).hasSize(3);
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(1, 0, 0, 0));
  }

  @Test
  void givenATargetNobodyListensOn_whenEventsAreDue_thenTheyAreCountedFailedAndTheApiServes()
      throws IOException {
    // given
    startSimulator(clock, 2, 3);
    simulator.configureEvents(EventConfig.to(closedPortUrl(), "k"));
    String jobId = launch(ids(1, 2));

    // when
    clock.advanceSeconds(5);
    simulator.deliverDueEvents();

    // then
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(0, 0, 0, 2));
    assertThat(statusOf(jobId)).isEqualTo(JobStatus.COMPLETED);
    assertThat(launch(List.of(id(3)))).startsWith("drsjob-");
  }

  private static URI closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/events");
    }
  }

  @Test
  void givenATargetThatHangs_whenAnEventIsBeingDelivered_thenApiCallsStillAnswer()
      throws Exception {
    // given
    startSimulator(clock, 2, 3);
    CountDownLatch release = new CountDownLatch(1);
    receiver.beforeAnswering(
        () -> {
          try {
            release.await(4, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    simulator.configureEvents(EventConfig.to(receiver.url(), "k"));
    String jobId = launch(List.of(id(1)));
    clock.advanceSeconds(5);
    CompletableFuture<Integer> delivery =
        CompletableFuture.supplyAsync(simulator::deliverDueEvents);
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);

    // when
    JobStatus statusWhileDelivering = statusOf(jobId);
    String nextJob = launch(List.of(id(2)));
    boolean stillDelivering = !delivery.isDone();
    release.countDown();

    // then
    assertThat(statusWhileDelivering).isEqualTo(JobStatus.COMPLETED);
    assertThat(nextJob).startsWith("drsjob-");
    assertThat(stillDelivering).isTrue();
    assertThat(delivery.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(1, 0, 0, 0));
  }

  @Test
  void givenTheRealClock_whenAJobCompletes_thenItsEventsArriveWithoutBeingAskedFor() {
    // given
    startSimulator(Clock.systemUTC(), 0.1, 0.2);
    simulator.configureEvents(EventConfig.to(receiver.url(), "k"));

    // when
    String jobId = launch(ids(1, 2));

    // then
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(receiver.received()).hasSize(2));
    assertThat(receiver.bodies())
        .allSatisfy(b -> assertThat(b.path("detail").path("job-id").asText()).isEqualTo(jobId));
    assertThat(statusOf(jobId)).isEqualTo(JobStatus.COMPLETED);
    assertThat(simulator.eventCounts()).isEqualTo(new EventCounts(2, 0, 0, 0));
  }
}
