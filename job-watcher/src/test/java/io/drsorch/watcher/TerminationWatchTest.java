package io.drsorch.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.simulator.DrsSimulator;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.drsorch.watcher.poll.PollIntervals;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequest;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * The watcher following a drill cleanup's TERMINATE jobs on a real broker and registry, polling
 * real simulator jobs through the AWS SDK. Instances are launched and terminated with the
 * DrsClient, and the termination announced with a TerminationStarted keyed by its executionId, as
 * the launcher does.
 */
class TerminationWatchTest {

  private static final String REGION = "us-east-1";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Random RANDOM = new Random();
  private static final int PARTITIONS = 3;

  private static EmbeddedKafka kafka;
  private static String registryUrl;
  private static DrsSimulator simulator;
  private static DrsClients clients;
  private static SsmClients ssm;
  private static DrsClient drs;
  private static KafkaProducer<String, WaveEvent> producer;
  private static EventsReader events;
  private static EventsReader deadLetters;
  private WatcherService watcher;

  @BeforeAll
  static void startEverything() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    kafka = EmbeddedKafka.start();
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), PARTITIONS, (short) 1);
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
    simulator.configure(0.3, 0.5, 0);
    watcher = startedWatcher();
  }

  @AfterEach
  void stopWatcher() {
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  void
      givenDrillInstances_whenTheirTerminationStarted_thenOneTerminationEndedNamesThemTerminated() {
    // given a drill's instances, and DRS terminating them
    List<String> instances = launchedInstances(2);
    String jobId = terminate(instances);
    TerminationStarted started = started(List.of(jobId), instances, List.of());
    // when
    publish(started);
    // then
    TerminationEnded ended = awaitEnded(started);
    assertThat(ended.getRequestId()).isEqualTo(started.getRequestId());
    assertThat(ended.getCausationId()).isEqualTo(started.getId());
    assertThat(ended.getJobIds()).containsExactly(jobId);
    assertThat(ended.getTerminatedInstanceIds()).containsExactlyInAnyOrderElementsOf(instances);
    assertThat(ended.getFailedInstanceIds()).isEmpty();
    assertThat(ended.getReason()).isNull();
    assertThat(job(jobId).status()).isEqualTo(JobStatus.COMPLETED);
    // and nothing names a wave: the scheduler follows cleanup by its own two records
    assertThat(eventsOf(started.getExecutionId(), JobStatusChanged.class)).isEmpty();
  }

  @Test
  void givenEndedTermination_whenWatcherRestartsAndReplays_thenNoSecondEndAndAPendingOneEnds() {
    // given a termination ended before the restart
    List<String> doneInstances = launchedInstances(1);
    TerminationStarted done = started(List.of(terminate(doneInstances)), doneInstances, List.of());
    publish(done);
    TerminationEnded first = awaitEnded(done);
    watcher.close();
    // and one started while no watcher runs
    List<String> pendingInstances = launchedInstances(1);
    simulator.configure(1, 1, 0);
    TerminationStarted pending =
        started(List.of(terminate(pendingInstances)), pendingInstances, List.of());
    publish(pending);
    // when
    watcher = startedWatcher();
    // then
    assertThat(awaitEnded(pending).getTerminatedInstanceIds())
        .containsExactlyElementsOf(pendingInstances);
    assertThat(eventsOf(done.getExecutionId(), TerminationEnded.class)).containsExactly(first);
    assertThat(eventsOf(pending.getExecutionId(), TerminationEnded.class)).hasSize(1);
  }

  @Test
  void givenTerminationStartedWithoutJobs_whenRead_thenEndedAtOnceWithTheGoneInstances() {
    // given every instance was gone when the cleanup was asked for
    TerminationStarted started =
        started(List.of(), List.of(), List.of("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2"));
    long describeJobsBefore = describeJobsCalls();
    // when
    publish(started);
    // then
    TerminationEnded ended = awaitEnded(started);
    assertThat(ended.getJobIds()).isEmpty();
    assertThat(ended.getTerminatedInstanceIds())
        .containsExactly("i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2");
    assertThat(ended.getFailedInstanceIds()).isEmpty();
    assertThat(describeJobsCalls() - describeJobsBefore).as("nothing to ask DRS about").isZero();
  }

  @Test
  void givenTerminationOfTwoJobs_whenOneCompletesFirst_thenEndedOnlyAfterBoth() {
    // given a quick TERMINATE job and a slow one
    List<String> instances = launchedInstances(2);
    String quick = terminate(List.of(instances.get(0)));
    simulator.configure(1.5, 1.5, 0);
    String slow = terminate(List.of(instances.get(1)));
    TerminationStarted started = started(List.of(quick, slow), instances, List.of());
    // when
    publish(started);
    // then: while only the quick one completed, and the watcher polled it as such, no end
    await().atMost(WAIT).until(() -> job(quick).status() == JobStatus.COMPLETED);
    sleep(POLL.multipliedBy(3));
    assertThat(job(slow).status()).isNotEqualTo(JobStatus.COMPLETED);
    assertThat(eventsOf(started.getExecutionId(), TerminationEnded.class)).isEmpty();
    // and once both completed, one end naming both instances, decided after the slow one ended
    TerminationEnded ended = awaitEnded(started);
    assertThat(ended.getJobIds()).containsExactly(quick, slow);
    assertThat(ended.getTerminatedInstanceIds()).containsExactlyInAnyOrderElementsOf(instances);
    assertThat(ended.getOccurredAt())
        .isAfterOrEqualTo(OffsetDateTime.parse(job(slow).endDateTime()).toInstant());
  }

  @Test
  void givenTerminationStartedOfMalformedJobs_whenRead_thenDeadLetteredWithTheReasonNotWatched() {
    // given
    TerminationStarted malformed =
        started(List.of("drsjob-short"), List.of("i-0aaaaaaaaaaaaaaa3"), List.of());
    TerminationStarted next = started(List.of(), List.of(), List.of("i-0aaaaaaaaaaaaaaa4"));
    // when
    publish(malformed);
    publish(next);
    // then
    awaitEnded(next);
    ConsumerRecord<byte[], byte[]> letter =
        await()
            .atMost(WAIT)
            .until(
                () -> deadLettersOf(malformed.getExecutionId()).stream().findFirst().orElse(null),
                r -> r != null);
    assertThat(header(letter, "dlq.reason"))
        .isEqualTo(
            "TerminationStarted not applied: 1 problem: jobIds[0]: not a DRS job id:"
                + " 'drsjob-short'");
    assertThat(eventsOf(malformed.getExecutionId(), TerminationEnded.class)).isEmpty();
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
            Duration.ofSeconds(5));
    WatcherService started = new WatcherService(config, clients, ssm, Clock.systemUTC()).start();
    await().atMost(WAIT).until(started::isReady);
    return started;
  }

  /** Launches a drill of {@code count} new servers and returns its recovery instances. */
  private static List<String> launchedInstances(int count) {
    List<String> servers = servers(count);
    String jobId =
        drs.startRecovery(
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
    Job done = await().atMost(WAIT).until(() -> job(jobId), j -> j.status() == JobStatus.COMPLETED);
    List<String> instances =
        done.participatingServers().stream().map(ParticipatingServer::recoveryInstanceID).toList();
    assertThat(instances).hasSize(count).allMatch(id -> id != null && id.startsWith("i-"));
    return instances;
  }

  /** What the launcher does for a cleanup: one TerminateRecoveryInstances call, one job. */
  private static String terminate(List<String> instances) {
    return drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instances)).job().jobID();
  }

  private static Job job(String jobId) {
    return drs.describeJobs(r -> r.filters(f -> f.jobIDs(jobId))).items().get(0);
  }

  private static TerminationStarted started(
      List<String> jobIds, List<String> instances, List<String> alreadyGone) {
    String executionId = UUID.randomUUID().toString();
    return TerminationStarted.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Instant.now())
        .setRequestId(executionId + "/cleanup/" + REGION + "/own")
        .setRegion(REGION)
        .setJobIds(jobIds)
        .setRecoveryInstanceIds(instances)
        .setAlreadyGone(alreadyGone)
        .build();
  }

  /** Keyed by its executionId, as every writer of drs.wave-events keys its records. */
  private static void publish(TerminationStarted started) {
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_EVENTS.name(),
            started.getExecutionId(),
            WaveEvent.newBuilder().setEvent(started).build()));
    producer.flush();
  }

  private static TerminationEnded awaitEnded(TerminationStarted started) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                eventsOf(started.getExecutionId(), TerminationEnded.class).stream()
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private static <T> List<T> eventsOf(String executionId, Class<T> type) {
    return events.eventsOf(executionId).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String key) {
    return deadLetters.records().stream()
        .filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static long describeJobsCalls() {
    return simulator.callCounts().getOrDefault("DescribeJobs", 0L);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
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
