package io.drsorch.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.simulator.DrsSimulator;
import io.drsorch.simulator.events.EventConfig;
import io.drsorch.simulator.events.EventCounts;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.drsorch.watcher.events.DrsEventsGate;
import io.drsorch.watcher.poll.PollIntervals;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequest;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * {@code POST /events/drs} on the watcher's HTTP port, fed by hand or by the simulator's pushed
 * launch-result events, on a real broker and registry with real simulator jobs read through the
 * SDK. DescribeJobs calls are counted by the simulator ({@code GET /_sim/stats}).
 */
class EventPushTest {

  private static final String REGION = "us-east-1";
  private static final String KEY = "the-shared-secret";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Random RANDOM = new Random();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmbeddedKafka kafka;
  private static String registryUrl;
  private static DrsSimulator simulator;
  private static DrsClients clients;
  private static SsmClients ssm;
  private static DrsClient drs;
  private static KafkaProducer<String, WaveEvent> producer;
  private static EventsReader events;
  private WatcherService watcher;
  private GateServer http;

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
    drs = clients.forRegion(REGION);
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new StringSerializer(),
            AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveEvent.class));
    events = new EventsReader(kafka.bootstrapServers(), registryUrl, Topics.WAVE_EVENTS.name());
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable part :
        new AutoCloseable[] {events, producer, ssm, clients, simulator, kafka}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  @AfterEach
  void stopWatcher() {
    simulator.configureEvents(EventConfig.NONE);
    if (http != null) {
      http.close();
    }
    if (watcher != null) {
      watcher.close();
    }
  }

  // ---- the endpoint's guard ----

  @Test
  void givenForgedKey_whenEventForWatchedJob_then401AndNoDescribeJobs() throws Exception {
    // given a watched job that polling will not look at again for an hour
    String jobId = watchedLongJob();
    long before = quietDescribeJobsCalls();
    // when
    HttpResponse<String> answer = post(event(jobId), "x-api-key", "not-" + KEY);
    // then
    assertThat(answer.statusCode()).isEqualTo(401);
    assertNoDescribeJobsSince(before);
  }

  @Test
  void givenMissingKey_whenEventPosted_then401AndNoDescribeJobs() throws Exception {
    // given
    String jobId = watchedLongJob();
    long before = quietDescribeJobsCalls();
    // when
    HttpResponse<String> answer = post(event(jobId), null, null);
    // then
    assertThat(answer.statusCode()).isEqualTo(401);
    assertNoDescribeJobsSince(before);
  }

  @Test
  void givenValidKey_whenEventsForWatchedJobArriveTogether_then202AndOneDescribeJobs()
      throws Exception {
    // given
    String jobId = watchedLongJob();
    long before = quietDescribeJobsCalls();
    // when: the same event five times at once, as EventBridge may deliver one per server
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(postAsync(event(jobId), "x-api-key", KEY));
    }
    // then
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      assertThat(answer.get().statusCode()).isEqualTo(202);
      assertThat(answer.get().body()).contains("\"polling\"");
    }
    await().atMost(WAIT).until(() -> describeJobsCalls() > before);
    long calls = describeJobsCalls() - before;
    System.out.printf("five simultaneous events for one job cost %d DescribeJobs call(s)%n", calls);
    // Coalesced: events within the watcher's 20 ms window share one call. Five requests sent at
    // once reach it spread over more than that on a loaded 2-core machine (3 calls seen once), so
    // the bound is fewer calls than events with room for that spread, not exactly one.
    assertThat(calls).isLessThanOrEqualTo(3);
  }

  @Test
  void givenMalformedJson_whenPosted_then400WithReason() throws Exception {
    // given
    startWatcher(PollIntervals.fixed(Duration.ofHours(1)));
    // when
    HttpResponse<String> answer = post("{\"source\": \"aws.drs\", ", "x-api-key", KEY);
    // then
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("\"error\"").contains("JSON");
  }

  @Test
  void givenWrongSourceOrDetailType_whenPosted_then400NamingTheField() throws Exception {
    // given
    startWatcher(PollIntervals.fixed(Duration.ofHours(1)));
    String job = "drsjob-" + "a".repeat(17);
    // when
    HttpResponse<String> wrongSource =
        post(event(job).replace("\"aws.drs\"", "\"aws.ec2\""), "x-api-key", KEY);
    HttpResponse<String> wrongType =
        post(
            event(job).replace("DRS Source Server Launch Result", "EC2 Instance State-change"),
            "x-api-key",
            KEY);
    HttpResponse<String> badJobId = post(event("drsjob-1"), "x-api-key", KEY);
    // then
    assertThat(wrongSource.statusCode()).isEqualTo(400);
    assertThat(wrongSource.body()).contains("source");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(wrongType.body()).contains("detail-type");
    assertThat(badJobId.statusCode()).isEqualTo(400);
    assertThat(badJobId.body()).contains("job-id");
  }

  @Test
  void givenOversizedBody_whenPosted_then413() throws Exception {
    // given
    startWatcher(PollIntervals.fixed(Duration.ofHours(1)));
    String padding = "x".repeat(DrsEventsGate.MAX_BODY_BYTES);
    String body =
        event("drsjob-" + "a".repeat(17))
            .replace("\"version\"", "\"pad\":\"" + padding + "\",\"version\"");
    // when
    HttpResponse<String> answer = post(body, "x-api-key", KEY);
    // then
    assertThat(answer.statusCode()).isEqualTo(413);
  }

  @Test
  void givenEventForUnknownJob_whenPosted_then202IgnoredAndNoDescribeJobs() throws Exception {
    // given
    startWatcher(PollIntervals.fixed(Duration.ofHours(1)));
    long before = quietDescribeJobsCalls();
    // when
    HttpResponse<String> answer = post(event("drsjob-" + "z".repeat(17)), "x-api-key", KEY);
    // then
    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(answer.body()).contains("\"ignored\"");
    assertNoDescribeJobsSince(before);
  }

  @Test
  void givenNoKeyConfigured_whenPosted_then404Disabled() throws Exception {
    // given
    watcher = startedWatcher(PollIntervals.fixed(Duration.ofHours(1)), null);
    http = httpFor(watcher, null);
    // when
    HttpResponse<String> answer = post(event("drsjob-" + "a".repeat(17)), "x-api-key", KEY);
    // then
    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body()).contains("disabled");
  }

  // ---- waves ----

  @Test
  void givenSimulatorPushingEvents_whenJobEndsLongBeforeNextPoll_thenWaveCompletesAtOnce()
      throws Exception {
    // given polls 30 s apart, and the simulator pushing launch results (some twice) to the watcher
    startWatcher(PollIntervals.fixed(Duration.ofSeconds(30)));
    simulator.configureEvents(eventsToWatcher().withDuplicateRate(0.5));
    simulator.configure(1.0, 1.5, 0);
    List<String> servers = servers(3);
    String jobId = startJob(servers);
    WaveLaunched launched = launched(List.of(jobId), servers);
    // when
    publish(launched);
    // then
    WaveCompleted completed = awaitEvent(launched.getExecutionId(), WaveCompleted.class, WAIT);
    assertThat(completed.getServers())
        .extracting(ServerLaunch::getLaunchStatus)
        .containsOnly(LaunchStatus.LAUNCHED);
    Duration lag = Duration.between(endOf(jobId), completed.getOccurredAt());
    System.out.printf(
        "event push: wave seen completed %d ms after its job ended (polls every 30 s; %s)%n",
        lag.toMillis(), simulator.eventCounts());
  }

  @Test
  void givenAllEventsLost_whenJobEnds_thenWaveStillCompletesByPolling() throws Exception {
    // given
    startWatcher(PollIntervals.fixed(Duration.ofSeconds(2)));
    simulator.configureEvents(eventsToWatcher().withLossRate(1.0));
    EventCounts before = simulator.eventCounts();
    simulator.configure(0.5, 0.5, 0);
    List<String> servers = servers(2);
    String jobId = startJob(servers);
    WaveLaunched launched = launched(List.of(jobId), servers);
    // when
    publish(launched);
    // then
    WaveCompleted completed = awaitEvent(launched.getExecutionId(), WaveCompleted.class, WAIT);
    assertThat(completed.getJobIds()).containsExactly(jobId);
    assertThat(simulator.eventCounts().dropped() - before.dropped()).isEqualTo(2);
    assertThat(simulator.eventCounts().sent()).isEqualTo(before.sent());
    System.out.printf(
        "all events lost: wave seen completed %d ms after its job ended (polls every 2 s)%n",
        Duration.between(endOf(jobId), completed.getOccurredAt()).toMillis());
  }

  // ---- helpers ----

  /**
   * A watcher polling once an hour, with one job of a minute that it has read once already: from
   * then on only an event makes it call DescribeJobs.
   */
  private String watchedLongJob() {
    startWatcher(PollIntervals.fixed(Duration.ofHours(1)));
    simulator.configure(30, 30, 0);
    List<String> servers = servers(1);
    String jobId = startJob(servers);
    WaveLaunched launched = launched(List.of(jobId), servers);
    publish(launched);
    awaitEvent(launched.getExecutionId(), JobStatusChanged.class, WAIT);
    return jobId;
  }

  private void startWatcher(PollIntervals polling) {
    watcher = startedWatcher(polling, KEY);
    http = httpFor(watcher, KEY);
  }

  private static WatcherService startedWatcher(PollIntervals polling, String key) {
    // The key is the endpoint's, not the service's: see httpFor.
    WatcherConfig config =
        new WatcherConfig(
            KafkaClientSettings.of(kafka.bootstrapServers()),
            registryUrl,
            "job-watcher",
            polling,
            1000,
            Duration.ofSeconds(5));
    WatcherService started = new WatcherService(config, clients, ssm, Clock.systemUTC()).start();
    await().atMost(WAIT).until(started::isReady);
    return started;
  }

  /**
   * The watcher's events endpoint on a plain HTTP server, as {@code runtime/DrsEventsResource}
   * serves it in the application (whose own wiring {@code runtime/WatcherAppTest} covers): here so
   * that each test can start a watcher with its own polling.
   */
  private static GateServer httpFor(WatcherService service, String key) {
    return new GateServer(new DrsEventsGate("x-api-key", key, service::lookNow));
  }

  /** A JDK HTTP server answering {@link DrsEventsGate#PATH} by the gate, as the resource does. */
  private static final class GateServer implements AutoCloseable {
    private final com.sun.net.httpserver.HttpServer server;

    GateServer(DrsEventsGate gate) {
      try {
        server =
            com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.createContext(
          DrsEventsGate.PATH,
          exchange -> {
            try (exchange) {
              DrsEventsGate.Answer answer =
                  gate.admit(exchange.getRequestHeaders().getFirst(gate.apiKeyHeader()));
              if (answer == null) {
                byte[] body =
                    exchange.getRequestBody().readNBytes(DrsEventsGate.MAX_BODY_BYTES + 1);
                answer = gate.answer(body.length > DrsEventsGate.MAX_BODY_BYTES ? null : body);
              }
              byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(answer.status(), json.length);
              exchange.getResponseBody().write(json);
            }
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private EventConfig eventsToWatcher() {
    return EventConfig.to(URI.create("http://127.0.0.1:" + http.port() + DrsEventsGate.PATH), KEY);
  }

  private void assertNoDescribeJobsSince(long before) {
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> describeJobsCalls() == before);
  }

  /**
   * The DescribeJobs count once it has stopped moving: a new watcher reads the unfinished jobs it
   * replayed from the topic once, in its first cycles, before it settles to its hourly polls.
   */
  private static long quietDescribeJobsCalls() {
    AtomicLong last = new AtomicLong(-1);
    await()
        .during(Duration.ofMillis(500))
        .atMost(WAIT)
        .until(() -> last.getAndSet(describeJobsCalls()) == last.get());
    return last.get();
  }

  private static long describeJobsCalls() throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(simulator.endpoint().resolve("/_sim/stats")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(answer.body())
        .path("calls")
        .path("DescribeJobs")
        .asLong();
  }

  private HttpResponse<String> post(String body, String header, String key) throws Exception {
    return postAsync(body, header, key).get();
  }

  private CompletableFuture<HttpResponse<String>> postAsync(
      String body, String header, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/events/drs"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (header != null) {
      request.header(header, key);
    }
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A launch-result event as EventBridge delivers it through an API destination. */
  private static String event(String jobId) {
    return "{\"version\":\"0\",\"id\":\""
        + UUID.randomUUID()
        + "\",\"detail-type\":\"DRS Source Server Launch Result\",\"source\":\"aws.drs\","
        + "\"account\":\"123456789012\",\"time\":\""
        + Instant.now().toString()
        + "\",\"region\":\"us-east-1\","
        + "\"resources\":[\"arn:aws:drs:us-east-1:123456789012:source-server/s-01234567890abcdef\"],"
        + "\"detail\":{\"state\":\"RECOVERY_LAUNCH_SUCCEEDED\",\"job-id\":\""
        + jobId
        + "\",\"is-drill\":\"TRUE\"}}";
  }

  private static Instant endOf(String jobId) {
    Job job = drs.describeJobs(r -> r.filters(f -> f.jobIDs(jobId))).items().get(0);
    return OffsetDateTime.parse(job.endDateTime()).toInstant();
  }

  private static <T> T awaitEvent(String executionId, Class<T> type, Duration wait) {
    return await()
        .atMost(wait)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                events.eventsOf(executionId).stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private static void publish(WaveLaunched launched) {
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_EVENTS.name(),
            launched.getExecutionId(),
            WaveEvent.newBuilder().setEvent(launched).build()));
    producer.flush();
  }

  private static WaveLaunched launched(List<String> jobIds, List<String> servers) {
    String executionId = UUID.randomUUID().toString();
    return WaveLaunched.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Instant.now())
        .setWaveId("app")
        .setAttempt(1)
        .setRegion(REGION)
        .setRequestId(executionId + "/app/1")
        .setJobIds(jobIds)
        .setSourceServerIds(servers)
        .build();
  }

  private static String startJob(List<String> servers) {
    return drs.startRecovery(
            StartRecoveryRequest.builder()
                .isDrill(true)
                .sourceServers(
                    servers.stream()
                        .map(
                            id ->
                                StartRecoveryRequestSourceServer.builder()
                                    .sourceServerID(id)
                                    .build())
                        .toList())
                .build())
        .job()
        .jobID();
  }

  private static List<String> servers(int count) {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder id = new StringBuilder("s-");
      for (int c = 0; c < 17; c++) {
        id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
      }
      ids.add(id.toString());
    }
    simulator.addSourceServers(REGION, ids);
    return ids;
  }
}
