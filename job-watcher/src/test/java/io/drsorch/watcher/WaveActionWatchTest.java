package io.drsorch.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.simulator.DrsSimulator;
import io.drsorch.simulator.ssm.AutomationExecution;
import io.drsorch.simulator.ssm.AutomationOutcome;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.drsorch.watcher.action.ActionPolling;
import io.drsorch.watcher.poll.PollIntervals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The watcher following wave actions on a real broker and registry: SSM automations started in the
 * simulator through the AWS SDK, and HTTP checks of a local HTTP server, each announced with a
 * WaveActionStarted keyed by its executionId, as the launcher does.
 */
class WaveActionWatchTest {

  private static final String REGION = "us-east-1";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ActionPolling ACTIONS =
      new ActionPolling(Duration.ofMillis(300), Duration.ofSeconds(2));

  private static EmbeddedKafka kafka;
  private static String registryUrl;
  private static DrsSimulator simulator;
  private static DrsClients clients;
  private static SsmClients ssm;
  private static KafkaProducer<String, WaveEvent> producer;
  private static EventsReader events;
  private static EventsReader deadLetters;
  private WatcherService watcher;
  private HttpServer site;

  @BeforeAll
  static void startEverything() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    kafka = EmbeddedKafka.start();
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
    registryUrl = SchemaRegistryProcess.shared().url();
    simulator = DrsSimulator.start("127.0.0.1", 0);
    clients = new DrsClients(simulator.endpoint(), simulator.stsEndpoint(), "test");
    ssm = new SsmClients(simulator.endpoint(), simulator.stsEndpoint(), "test");
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveEvent.class));
    events = new EventsReader(kafka.bootstrapServers(), registryUrl, Topics.WAVE_EVENTS.name());
    deadLetters = new EventsReader(kafka.bootstrapServers(), registryUrl, Topics.DEAD_LETTERS);
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable part :
        new AutoCloseable[] {deadLetters, events, producer, ssm, clients, simulator, kafka}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  @BeforeEach
  void startWatcher() {
    watcher = startedWatcher();
  }

  @AfterEach
  void stopWatcherAndSite() {
    if (watcher != null) {
      watcher.close();
    }
    if (site != null) {
      site.stop(0);
    }
  }

  @Test
  void givenAnAutomationThatSucceeds_whenFollowed_thenOneWaveActionEndedSucceeded() {
    // given
    define("Watch-Succeeds", AutomationOutcome.Success, Duration.ofSeconds(1), null);
    String automation = startAutomation("Watch-Succeeds");
    WaveActionStarted started = automationStarted(automation, 5, Duration.ofMinutes(5));
    // when
    publish(started);
    // then
    WaveActionEnded ended = awaitEnded(started);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(ended.getAutomationStatus()).isEqualTo("Success");
    assertThat(ended.getReason()).isNull();
    assertThat(ended.getAutomationExecutionId()).isEqualTo(automation);
    assertThat(ended.getRequestId()).isEqualTo(started.getRequestId());
    assertThat(ended.getCausationId()).isEqualTo(started.getId());
    assertThat(ended.getWaveId()).isEqualTo(started.getWaveId());
    assertThat(ended.getPhase()).isEqualTo(started.getPhase());
    assertThat(ended.getIndex()).isEqualTo(started.getIndex());
    assertThat(ended.getId())
        .isEqualTo(
            UUID.nameUUIDFromBytes(
                    ("WaveActionEnded|" + started.getRequestId()).getBytes(StandardCharsets.UTF_8))
                .toString());
    // and once ended it is followed no more: no second end
    sleep(POLL.multipliedBy(4));
    assertThat(eventsOf(started.getExecutionId(), WaveActionEnded.class)).hasSize(1);
  }

  @Test
  void givenAnAutomationThatFails_whenFollowed_thenFailedWithSsmsFailureMessage() {
    // given
    define(
        "Watch-Fails",
        AutomationOutcome.Failed,
        Duration.ofMillis(500),
        "Step restartService failed: exit code 3");
    String automation = startAutomation("Watch-Fails");
    WaveActionStarted started = automationStarted(automation, 5, Duration.ofMinutes(5));
    // when
    publish(started);
    // then
    WaveActionEnded ended = awaitEnded(started);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(ended.getReason()).isEqualTo("Step restartService failed: exit code 3");
    assertThat(ended.getAutomationStatus()).isEqualTo("Failed");
  }

  @Test
  void givenAnAutomationStillRunningAtItsDeadline_whenItPasses_thenStoppedAndTimedOut() {
    // given an automation of ten minutes whose action may take one (its deadline a moment away)
    define("Watch-Slow", AutomationOutcome.Success, Duration.ofMinutes(10), null);
    String automation = startAutomation("Watch-Slow");
    WaveActionStarted started = automationStarted(automation, 1, Duration.ofSeconds(2));
    long stops = calls("StopAutomationExecution");
    // when
    publish(started);
    // then
    WaveActionEnded ended = awaitEnded(started);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(ended.getReason()).isEqualTo("no result within 1 minute: automation stopped");
    assertThat(ended.getAutomationStatus()).isEqualTo("InProgress");
    assertThat(ended.getOccurredAt()).isAfterOrEqualTo(started.getDeadline());
    assertThat(calls("StopAutomationExecution") - stops).isEqualTo(1);
    assertThat(execution(automation).statusAt(Instant.now())).isEqualTo("Cancelled");
  }

  @Test
  void givenAUrlAnswering503ThriceThen200_whenChecked_thenSucceededOnlyAfterThe200() {
    // given
    List<Instant> asked = serve(n -> n < 3 ? 503 : 200);
    WaveActionStarted started = httpStarted(siteUrl(), 1, Duration.ofMinutes(1));
    // when
    publish(started);
    // then
    WaveActionEnded ended = awaitEnded(started);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(ended.getLastHttpStatus()).isEqualTo(200);
    assertThat(ended.getReason()).isNull();
    assertThat(ended.getAutomationExecutionId()).isNull();
    assertThat(asked).hasSize(4);
    assertThat(ended.getOccurredAt()).isAfterOrEqualTo(asked.get(3).truncatedTo(ChronoUnit.MILLIS));
    // a check each intervalSeconds, not more often
    assertThat(Duration.between(asked.get(0), asked.get(3)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    // and asked no more once it answered 200
    sleep(Duration.ofMillis(1500));
    assertThat(asked).hasSize(4);
    assertThat(eventsOf(started.getExecutionId(), WaveActionEnded.class)).hasSize(1);
  }

  @Test
  void givenAUrlAnswering503_whenTheDeadlinePasses_thenTimedOutNamingTheLastAnswer() {
    // given
    List<Instant> asked = serve(n -> 503);
    WaveActionStarted started = httpStarted(siteUrl(), 1, Duration.ofMillis(2500));
    // when
    publish(started);
    // then
    WaveActionEnded ended = awaitEnded(started);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(ended.getReason()).isEqualTo("no 200 answer within 1 minute; last answer 503");
    assertThat(ended.getLastHttpStatus()).isEqualTo(503);
    assertThat(ended.getOccurredAt()).isAfterOrEqualTo(started.getDeadline());
    assertThat(asked).hasSizeBetween(2, 4);
  }

  @Test
  void givenNothingListening_whenTheDeadlinePasses_thenTimedOutSayingNoAnswerCame() {
    // given a port nothing listens on any more
    serve(n -> 200);
    String url = siteUrl();
    site.stop(0);
    site = null;
    WaveActionStarted started = httpStarted(url, 1, Duration.ofMillis(2500));
    // when
    publish(started);
    // then
    WaveActionEnded ended = awaitEnded(started);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.TIMED_OUT);
    assertThat(ended.getReason())
        .isEqualTo("no 200 answer within 1 minute; no answer: connection refused");
    assertThat(ended.getLastHttpStatus()).isNull();
  }

  @Test
  void givenActionsStartedBeforeAndWhileTheWatcherWasDown_whenItReplays_thenEachEndsOnce() {
    // given an action that ended before the restart
    define("Watch-Quick", AutomationOutcome.Success, Duration.ofMillis(300), null);
    WaveActionStarted done =
        automationStarted(startAutomation("Watch-Quick"), 5, Duration.ofMinutes(5));
    publish(done);
    WaveActionEnded first = awaitEnded(done);
    watcher.close();
    // and one started while no watcher ran
    define("Watch-Later", AutomationOutcome.Success, Duration.ofSeconds(1), null);
    WaveActionStarted pending =
        automationStarted(startAutomation("Watch-Later"), 5, Duration.ofMinutes(5));
    publish(pending);
    long reads = calls("GetAutomationExecution");
    // when
    watcher = startedWatcher();
    // then the pending one is followed from the topic to its end, once
    WaveActionEnded later = awaitEnded(pending);
    assertThat(later.getOutcome()).isEqualTo(ActionStatus.SUCCEEDED);
    assertThat(calls("GetAutomationExecution") - reads).isPositive();
    sleep(POLL.multipliedBy(4));
    assertThat(eventsOf(pending.getExecutionId(), WaveActionEnded.class)).hasSize(1);
    // and the ended one is not followed again
    assertThat(eventsOf(done.getExecutionId(), WaveActionEnded.class)).containsExactly(first);
  }

  @Test
  void givenAnAutomationStartedWithoutItsId_whenRead_thenDeadLetteredWithTheReasonNotFollowed() {
    // given
    WaveActionStarted malformed = automationStarted(null, 5, Duration.ofMinutes(5));
    // when
    publish(malformed);
    // then
    ConsumerRecord<byte[], byte[]> letter =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    deadLetters.records().stream()
                        .filter(
                            r ->
                                r.key() != null
                                    && malformed
                                        .getExecutionId()
                                        .equals(new String(r.key(), StandardCharsets.UTF_8)))
                        .findFirst()
                        .orElse(null),
                r -> r != null);
    assertThat(
            new String(letter.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8))
        .isEqualTo(
            "WaveActionStarted not applied: 1 problem: automationExecutionId: an SSM_AUTOMATION"
                + " needs its automation's id");
    sleep(POLL.multipliedBy(4));
    assertThat(eventsOf(malformed.getExecutionId(), WaveActionEnded.class)).isEmpty();
  }

  // ---- helpers ----

  private WatcherService startedWatcher() {
    WatcherConfig config =
        new WatcherConfig(
            KafkaClientSettings.of(kafka.bootstrapServers()),
            registryUrl,
            "job-watcher",
            PollIntervals.fixed(POLL),
            1000,
            Duration.ofSeconds(5),
            ACTIONS);
    WatcherService started = new WatcherService(config, clients, ssm, Clock.systemUTC()).start();
    await().atMost(WAIT).until(started::isReady);
    return started;
  }

  private static void define(
      String document, AutomationOutcome outcome, Duration duration, String failureMessage) {
    simulator.defineAutomationDocument(document, outcome, duration, failureMessage);
  }

  /** What the launcher does for an SSM_AUTOMATION: one start, with a client token. */
  private static String startAutomation(String document) {
    SsmClient client = ssm.forTarget(REGION, null);
    return client
        .startAutomationExecution(
            r -> r.documentName(document).clientToken(UUID.randomUUID().toString()))
        .automationExecutionId();
  }

  private static AutomationExecution execution(String id) {
    return simulator.automationExecutions().stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static WaveActionStarted automationStarted(
      String automationExecutionId, int timeoutMinutes, Duration untilDeadline) {
    return started(
        WaveAction.newBuilder()
            .setName("restart-app")
            .setType(ActionType.SSM_AUTOMATION)
            .setTimeoutMinutes(timeoutMinutes)
            .setDocumentName("Watch")
            .build(),
        automationExecutionId,
        untilDeadline);
  }

  private static WaveActionStarted httpStarted(
      String url, int timeoutMinutes, Duration untilDeadline) {
    return started(
        WaveAction.newBuilder()
            .setName("app-health")
            .setType(ActionType.HTTP_CHECK)
            .setTimeoutMinutes(timeoutMinutes)
            .setUrl(url)
            .setIntervalSeconds(1)
            .build(),
        null,
        untilDeadline);
  }

  private static WaveActionStarted started(
      WaveAction action, String automationExecutionId, Duration untilDeadline) {
    String executionId = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return WaveActionStarted.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(now)
        .setRequestId(executionId + "/app/1/AFTER/0")
        .setWaveId("app")
        .setPhase(ActionPhase.AFTER)
        .setIndex(0)
        .setAction(action)
        .setRegion(REGION)
        .setDeadline(now.plus(untilDeadline))
        .setAutomationExecutionId(automationExecutionId)
        .build();
  }

  /** Keyed by its executionId, as every writer of drs.wave-events keys its records. */
  private static void publish(WaveActionStarted started) {
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_EVENTS.name(),
            started.getExecutionId(),
            WaveEvent.newBuilder().setEvent(started).build()));
    producer.flush();
  }

  /**
   * Starts the local site: its n-th request (from 0) is answered {@code statusOf(n)}.
   *
   * @return when each request came, in order
   */
  private List<Instant> serve(IntUnaryOperator statusOf) {
    List<Instant> asked = new CopyOnWriteArrayList<>();
    try {
      site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    site.createContext(
        "/health",
        exchange -> {
          try (exchange) {
            int n = asked.size();
            asked.add(Instant.now());
            exchange.sendResponseHeaders(statusOf.applyAsInt(n), -1);
          }
        });
    site.start();
    return asked;
  }

  private String siteUrl() {
    return "http://127.0.0.1:" + site.getAddress().getPort() + "/health";
  }

  private static WaveActionEnded awaitEnded(WaveActionStarted started) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                eventsOf(started.getExecutionId(), WaveActionEnded.class).stream()
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private static <T> List<T> eventsOf(String executionId, Class<T> type) {
    return events.eventsOf(executionId).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static long calls(String operation) {
    return simulator.callCounts().getOrDefault(operation, 0L);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
