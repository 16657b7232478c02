package io.drsorch.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.simulator.DrsSimulator;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.LaterVersions;
import io.drsorch.testsupport.RegistryProxy;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.drsorch.testsupport.TopicConfig;
import io.drsorch.watcher.poll.PollIntervals;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequest;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * The watcher on a real broker and registry, polling real simulator jobs through the AWS SDK. Jobs
 * are started with the DrsClient and announced with a WaveLaunched, as the launcher would.
 */
class WatcherServiceTest {

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
    watcher = startedWatcher(1000);
  }

  @AfterEach
  void stopWatcher() {
    if (watcher != null) {
      watcher.close();
    }
    simulator.clearFaults();
  }

  @Test
  void givenLaunchedWave_whenItsJobRuns_thenTransitionsAndWaveCompletedWithInstances() {
    // given
    List<String> servers = servers(2);
    String jobId = startJob(servers);
    WaveLaunched launched = launched(List.of(jobId), servers);
    // when
    publish(launched);
    // then
    WaveCompleted completed = awaitEvent(launched.getExecutionId(), WaveCompleted.class);
    assertThat(completed.getJobIds()).containsExactly(jobId);
    assertThat(completed.getCausationId()).isEqualTo(launched.getId());
    assertThat(completed.getServers())
        .extracting(ServerLaunch::getSourceServerId)
        .containsExactlyInAnyOrderElementsOf(servers);
    assertThat(completed.getServers())
        .allSatisfy(
            s -> {
              assertThat(s.getLaunchStatus()).isEqualTo(LaunchStatus.LAUNCHED);
              assertThat(s.getRecoveryInstanceId()).startsWith("i-");
              assertThat(s.getJobId()).isEqualTo(jobId);
            });
    List<JobStatusChanged> changes = eventsOf(launched.getExecutionId(), JobStatusChanged.class);
    assertThat(changes).extracting(JobStatusChanged::getStatus).endsWith(JobStatus.COMPLETED);
    assertThat(changes).extracting(JobStatusChanged::getStatus).isSorted();
    assertThat(changes).extracting(JobStatusChanged::getId).doesNotHaveDuplicates();
  }

  @Test
  void givenWavesInTwoAccounts_whenTheirJobsRun_thenEachIsWatchedWithItsOwnCredentials() {
    // given a job in account 111122223333, started with an assumed role and invisible to the
    // watcher's own credentials, and one in the watcher's own account
    String account = "111122223333";
    String role = "arn:aws:iam::" + account + ":role/DrsOrchestrator";
    List<String> remoteServers = List.of(String.format("s-remote%011d", RANDOM.nextInt(1_000_000)));
    simulator.addSourceServers(account, REGION, remoteServers);
    DrsClient remote = clients.forTarget(REGION, role);
    String remoteJob =
        remote
            .startRecovery(
                r -> r.isDrill(true).sourceServers(s -> s.sourceServerID(remoteServers.get(0))))
            .job()
            .jobID();
    assertThat(drs.describeJobs(r -> r.filters(f -> f.jobIDs(remoteJob))).items()).isEmpty();
    WaveLaunched remoteWave = launched(List.of(remoteJob), remoteServers);
    remoteWave.setAccountId(account);
    remoteWave.setRoleArn(role);
    List<String> localServers = servers(1);
    WaveLaunched localWave = launched(List.of(startJob(localServers)), localServers);
    // when
    publish(remoteWave);
    publish(localWave);
    // then
    WaveCompleted remoteDone = awaitEvent(remoteWave.getExecutionId(), WaveCompleted.class);
    assertThat(remoteDone.getJobIds()).containsExactly(remoteJob);
    assertThat(remoteDone.getServers())
        .extracting(ServerLaunch::getLaunchStatus)
        .containsExactly(LaunchStatus.LAUNCHED);
    awaitEvent(localWave.getExecutionId(), WaveCompleted.class);
  }

  @Test
  void givenServerThatFailsToLaunch_whenJobCompletes_thenWaveFailedNamesIt() {
    // given
    List<String> servers = servers(2);
    simulator.failNextLaunch(servers.get(1));
    String jobId = startJob(servers);
    WaveLaunched launched = launched(List.of(jobId), servers);
    // when
    publish(launched);
    // then
    WaveFailed failed = awaitEvent(launched.getExecutionId(), WaveFailed.class);
    assertThat(failed.getFailedServerIds()).containsExactly(servers.get(1));
    assertThat(failed.getReason()).contains(servers.get(1)).doesNotContain(servers.get(0));
    // in DRS's own words, read from the job log before the end was decided
    assertThat(failed.getReason()).contains("Failed to launch the recovery instance");
    assertThat(failed.getServers())
        .filteredOn(s -> s.getSourceServerId().equals(servers.get(0)))
        .extracting(ServerLaunch::getLaunchStatus)
        .containsExactly(LaunchStatus.LAUNCHED);
    assertThat(eventsOf(launched.getExecutionId(), WaveCompleted.class)).isEmpty();
  }

  @Test
  void givenWaveOfTwoJobs_whenOneCompletesFirst_thenWaveCompletesOnlyAfterBoth() {
    // given a quick job and a slow one
    List<String> quickServers = servers(1);
    String quick = startJob(quickServers);
    simulator.configure(1.5, 1.0, 0);
    List<String> slowServers = servers(1);
    String slow = startJob(slowServers);
    List<String> servers = new ArrayList<>(quickServers);
    servers.addAll(slowServers);
    WaveLaunched launched = launched(List.of(quick, slow), servers);
    // when
    publish(launched);
    // then
    awaitEvent(launched.getExecutionId(), WaveCompleted.class);
    List<Object> all = events.eventsOf(launched.getExecutionId());
    int completedAt = indexOf(all, WaveCompleted.class, null);
    assertThat(indexOf(all, JobStatusChanged.class, quick)).isLessThan(completedAt);
    assertThat(indexOf(all, JobStatusChanged.class, slow)).isLessThan(completedAt);
    assertThat(all.subList(0, completedAt))
        .filteredOn(JobStatusChanged.class::isInstance)
        .map(JobStatusChanged.class::cast)
        .filteredOn(c -> c.getStatus() == JobStatus.COMPLETED)
        .extracting(JobStatusChanged::getJobId)
        .containsExactlyInAnyOrder(quick, slow);
  }

  @Test
  void givenRestartedWatcher_whenItReplays_thenNoCompletedWaveAgainAndPendingWaveCompletes() {
    // given a wave completed before the restart
    List<String> doneServers = servers(1);
    WaveLaunched done = launched(List.of(startJob(doneServers)), doneServers);
    publish(done);
    awaitEvent(done.getExecutionId(), WaveCompleted.class);
    int doneEvents = events.eventsOf(done.getExecutionId()).size();
    watcher.close();
    // and a wave launched while no watcher runs
    simulator.configure(2, 1, 0);
    List<String> pendingServers = servers(1);
    WaveLaunched pending = launched(List.of(startJob(pendingServers)), pendingServers);
    publish(pending);
    // when
    watcher = startedWatcher(1000);
    // then
    awaitEvent(pending.getExecutionId(), WaveCompleted.class);
    assertThat(events.eventsOf(done.getExecutionId())).hasSize(doneEvents);
    assertThat(eventsOf(pending.getExecutionId(), WaveCompleted.class)).hasSize(1);
  }

  @Test
  void givenThirtyWatchedJobs_whenPolled_thenOneDescribeJobsCallPerCycle() throws Exception {
    // given 30 one-server jobs, started at most 15 at a time (DRS allows 20 concurrent jobs)
    List<String> jobIds = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      List<String> started = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        List<String> one = servers(1);
        servers.addAll(one);
        started.add(startJob(one));
      }
      await().atMost(WAIT).until(() -> allCompleted(started));
      jobIds.addAll(started);
    }
    WaveLaunched launched = launched(jobIds, servers);
    long before = describeJobsCalls();
    // when
    publish(launched);
    // then: the first cycle that sees the wave reads all 30 jobs in one call and ends it
    WaveCompleted completed = awaitEvent(launched.getExecutionId(), WaveCompleted.class);
    assertThat(completed.getServers()).hasSize(30);
    assertThat(describeJobsCalls() - before).isEqualTo(1);
  }

  @Test
  void givenDescribeJobsThrottled_whenPolling_thenRegionBacksOffAndWaveStillCompletes()
      throws Exception {
    // given
    List<String> servers = servers(1);
    WaveLaunched launched = launched(List.of(startJob(servers)), servers);
    addFault(
        "{\"operation\":\"DescribeJobs\",\"errorCode\":\"ThrottlingException\",\"times\":2,\"retryAfterSeconds\":1}");
    long before = describeJobsCalls();
    Instant publishedAt = Instant.now();
    // when
    publish(launched);
    // then: without backing off, a 200 ms poll would call about 15 times in those 3 seconds
    awaitEvent(launched.getExecutionId(), WaveCompleted.class);
    assertThat(Duration.between(publishedAt, Instant.now())).isGreaterThan(Duration.ofSeconds(2));
    assertThat(describeJobsCalls() - before).isBetween(1L, 4L);
  }

  @Test
  void
      givenUnreadableRecordsOnWaveEvents_whenWatcherRestarts_thenEachDeadLetteredOnceAndWavesStillWatched()
          throws Exception {
    // given bytes that are not Avro, and a registered record of another type
    String key = "unreadable-" + UUID.randomUUID();
    RecordMetadata garbage = sendRaw(key, "not avro at all".getBytes(StandardCharsets.UTF_8));
    LaunchWave other =
        LaunchWave.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(key)
            .setOccurredAt(Instant.now())
            .setWaveId("db")
            .setAttempt(1)
            .setRegion(REGION)
            .setSourceServerIds(List.of())
            .setDrill(true)
            .setRequestId(key + "/db/1")
            .build();
    RecordMetadata wrongType =
        sendRaw(
            key,
            AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveCommand.class)
                .serialize(
                    Topics.WAVE_COMMANDS.name(),
                    WaveCommand.newBuilder().setCommand(other).build()));
    await().atMost(WAIT).until(() -> deadLettersOf(key).size() == 2);
    // when
    watcher.close();
    watcher = startedWatcher(1000);
    List<String> servers = servers(1);
    WaveLaunched launched = launched(List.of(startJob(servers)), servers);
    publish(launched);
    // then
    awaitEvent(launched.getExecutionId(), WaveCompleted.class);
    List<ConsumerRecord<byte[], byte[]>> letters = deadLettersOf(key);
    assertThat(letters)
        .extracting(r -> header(r, "dlq.offset"))
        .containsExactlyInAnyOrder(
            Long.toString(garbage.offset()), Long.toString(wrongType.offset()));
    ConsumerRecord<byte[], byte[]> letter =
        letters.stream()
            .filter(r -> header(r, "dlq.offset").equals(Long.toString(garbage.offset())))
            .findFirst()
            .orElseThrow();
    assertThat(letter.value()).isEqualTo("not avro at all".getBytes(StandardCharsets.UTF_8));
    assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_EVENTS.name());
    assertThat(header(letter, "dlq.partition")).isEqualTo(Integer.toString(garbage.partition()));
    assertThat(header(letter, "dlq.service")).isEqualTo("job-watcher");
    assertThat(header(letter, "dlq.reason")).contains("Avro");
  }

  @Test
  void givenOnePartitionsEventUnreadableForAWhile_whenWavesOfOtherPartitionsEnd_thenTheyComplete()
      throws Exception {
    // given: a WaveLaunched on partition 0 written with a schema version the registry does not
    // hand out for now (503), so that partition is held back after each try, longer each time
    watcher.close();
    int laterId =
        SchemaRegistryClient.shared(registryUrl)
            .register(
                "watcher-test-later-version-value",
                LaterVersions.withOneMoreField(WaveEvent.getClassSchema()));
    AvroSerde<WaveEvent> serde =
        AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveEvent.class);
    try (RegistryProxy registry = RegistryProxy.of(registryUrl);
        KafkaProducer<String, byte[]> raw =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      registry.refuseSchemaId(laterId);
      watcher = startedWatcher(1000, registry.url());
      List<String> heldServers = servers(1);
      WaveLaunched held = launchedOnPartition(0, List.of(startJob(heldServers)), heldServers);
      byte[] heldValue = serde.serialize(Topics.WAVE_EVENTS.name(), event(held));
      raw.send(
          new ProducerRecord<>(
              Topics.WAVE_EVENTS.name(),
              0,
              held.getExecutionId(),
              LaterVersions.asWrittenBy(laterId, heldValue)));
      raw.flush();
      // the fourth try is followed by a hold of 8 s
      await().atMost(WAIT).until(() -> registry.lookupRefusals() >= 4);
      int refusalsBefore = registry.lookupRefusals();

      // when: waves whose launches are on the other partitions run meanwhile
      List<WaveLaunched> others = new ArrayList<>();
      for (int partition : List.of(1, 2)) {
        List<String> servers = servers(1);
        WaveLaunched other = launchedOnPartition(partition, List.of(startJob(servers)), servers);
        raw.send(
            new ProducerRecord<>(
                Topics.WAVE_EVENTS.name(),
                partition,
                other.getExecutionId(),
                serde.serialize(Topics.WAVE_EVENTS.name(), event(other))));
        others.add(other);
      }
      raw.flush();

      // then: they complete without waiting for the held partition's next try
      for (WaveLaunched other : others) {
        awaitEvent(other.getExecutionId(), WaveCompleted.class);
      }
      assertThat(registry.lookupRefusals())
          .as("tries of the held event before the other waves completed")
          .isEqualTo(refusalsBefore);
      assertThat(eventsOf(held.getExecutionId(), WaveCompleted.class)).isEmpty();
      assertThat(deadLettersOf(held.getExecutionId())).isEmpty();

      // and once the registry answers, the held wave is watched to its end too
      registry.refuseSchemaId(-1);
      WaveCompleted completed = awaitEvent(held.getExecutionId(), WaveCompleted.class);
      assertThat(completed.getCausationId()).isEqualTo(held.getId());
    } finally {
      watcher.close();
      watcher = startedWatcher(1000);
    }
  }

  @Test
  void givenWaveLaunchDeferred_whenRead_thenIgnoredAndTheLaterLaunchIsWatched() {
    // given the scheduler's quota gate deferred the wave before it was launched
    List<String> servers = servers(1);
    WaveLaunched launched = launched(List.of(startJob(servers)), servers);
    WaveLaunchDeferred deferred =
        WaveLaunchDeferred.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId(launched.getExecutionId())
            .setOccurredAt(Instant.now())
            .setWaveId(launched.getWaveId())
            .setAttempt(launched.getAttempt())
            .setRequestId(launched.getRequestId())
            .setRegion(REGION)
            .setJobsNeeded(1)
            .setActiveJobs(20)
            .setQuota(20)
            .setPosition(1)
            .build();
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_EVENTS.name(),
            deferred.getExecutionId(),
            WaveEvent.newBuilder().setEvent(deferred).build()));
    // when
    publish(launched);
    // then
    awaitEvent(launched.getExecutionId(), WaveCompleted.class);
    assertThat(deadLettersOf(launched.getExecutionId())).isEmpty();
    assertThat(watcher.isReady()).isTrue();
  }

  @Test
  void givenWaveLaunchedOverTheBounds_whenRead_thenDeadLetteredWithTheReasonAndNotWatched() {
    // given one job more than a plan has servers, and job ids DRS never made
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= PlanLimits.MAX_SERVERS; i++) {
      tooMany.add(String.format("drsjob-%017d", i));
    }
    WaveLaunched oversize = launched(tooMany, List.of());
    WaveLaunched malformed = launched(List.of("drsjob-short", "../../etc"), List.of());
    List<String> servers = servers(1);
    WaveLaunched next = launched(List.of(startJob(servers)), servers);
    // when
    publish(oversize);
    publish(malformed);
    publish(next);
    // then the valid wave is watched to its end
    awaitEvent(next.getExecutionId(), WaveCompleted.class);
    // and the others are dead-lettered with the reason, and not watched
    assertThat(header(awaitDeadLetter(oversize.getExecutionId()), "dlq.reason"))
        .isEqualTo(
            "WaveLaunched not applied: 1 problem: jobIds: "
                + (PlanLimits.MAX_SERVERS + 1)
                + " jobs, at most "
                + PlanLimits.MAX_SERVERS
                + " in a wave");
    assertThat(header(awaitDeadLetter(malformed.getExecutionId()), "dlq.reason"))
        .contains("2 problems")
        .contains("jobIds[0]: not a DRS job id: 'drsjob-short'")
        .contains("jobIds[1]: not a DRS job id: '../../etc'");
    assertThat(watcher.lookNow(tooMany.get(0))).isFalse();
    assertThat(events.eventsOf(oversize.getExecutionId())).hasSize(1);
    assertThat(events.eventsOf(malformed.getExecutionId())).hasSize(1);
  }

  @Test
  void givenWaveEventsRefusingAWavesReport_whenPolled_thenGivenUpWithTheReasonAndNextWaveWatched()
      throws Exception {
    // given wave-events takes records of at most 20 KB: the WaveLaunched of a wave of two jobs of
    // 200 servers fits, and so do their JobStatusChanged, but not the WaveCompleted of all 400
    List<String> first = servers(200);
    List<String> second = servers(200);
    List<String> servers = new ArrayList<>(first);
    servers.addAll(second);
    WaveLaunched large = launched(List.of(startJob(first), startJob(second)), servers);
    List<String> oneServer = servers(1);
    WaveLaunched small = launched(List.of(startJob(oneServer)), oneServer);
    try (TopicConfig limit =
        TopicConfig.set(
            kafka.bootstrapServers(), Topics.WAVE_EVENTS.name(), "max.message.bytes", "20000")) {
      // when
      publish(large);
      publish(small);
      // then the large wave ends failed, saying why
      WaveFailed failed = awaitEvent(large.getExecutionId(), WaveFailed.class);
      assertThat(failed.getReason())
          .startsWith("not followed to its end: Kafka refused")
          .contains("RecordTooLargeException");
      assertThat(failed.getJobIds()).isEqualTo(large.getJobIds());
      assertThat(failed.getFailedServerIds()).isEqualTo(servers);
      assertThat(failed.getCausationId()).isEqualTo(large.getId());
      // and its WaveLaunched is dead-lettered with the same reason
      ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(large.getExecutionId());
      assertThat(header(letter, "dlq.reason")).isEqualTo(failed.getReason());
      assertThat(
              AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveEvent.class)
                  .deserialize(Topics.WAVE_EVENTS.name(), letter.value())
                  .getEvent())
          .isEqualTo(large);
      // and the next wave is watched to its end
      awaitEvent(small.getExecutionId(), WaveCompleted.class);
      assertThat(eventsOf(large.getExecutionId(), WaveCompleted.class)).isEmpty();
      assertThat(eventsOf(large.getExecutionId(), WaveFailed.class)).hasSize(1);
      assertThat(deadLettersOf(large.getExecutionId())).hasSize(1);
    }
  }

  @Test
  void givenDeadLettersRefusingAGarbageRecordsSize_whenRead_thenABareLetterSaysWhereItIs()
      throws Exception {
    // given garbage of 8 KB on wave-events, and dead letters of at most 4 KB
    byte[] garbage = new byte[8192];
    RANDOM.nextBytes(garbage);
    List<String> servers = servers(1);
    WaveLaunched next = launched(List.of(startJob(servers)), servers);
    try (TopicConfig limit =
        TopicConfig.set(
            kafka.bootstrapServers(), Topics.DEAD_LETTERS, "max.message.bytes", "4096")) {
      // when
      RecordMetadata sent = sendRaw(next.getExecutionId(), garbage);
      publish(next);
      // then
      awaitEvent(next.getExecutionId(), WaveCompleted.class);
      ConsumerRecord<byte[], byte[]> letter =
          await()
              .atMost(WAIT)
              .until(
                  () ->
                      deadLetters.records().stream()
                          .filter(r -> header(r, "dlq.topic").equals(Topics.WAVE_EVENTS.name()))
                          .filter(r -> header(r, "dlq.partition").equals("" + sent.partition()))
                          .filter(r -> header(r, "dlq.offset").equals("" + sent.offset()))
                          .findFirst()
                          .orElse(null),
                  r -> r != null);
      assertThat(letter.key()).isNull();
      assertThat(letter.value()).isNull();
      assertThat(header(letter, "dlq.reason"))
          .contains("refused the record itself too")
          .contains("RecordTooLargeException");
    }
  }

  // ---- helpers ----

  /** Posts a launch-result event for a job nobody watches to a watcher's events endpoint. */
  private static int postEvent(int port, String apiKey) throws Exception {
    String event =
        "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"DRS Source Server Launch Result\","
            + "\"source\":\"aws.drs\",\"detail\":{\"job-id\":\"drsjob-aaaaaaaaaaaaaaaaa\"}}";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/events/drs"))
                .header("x-api-key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(event))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static RecordMetadata sendRaw(String key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> raw =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      return raw.send(
              new ProducerRecord<>(
                  Topics.WAVE_EVENTS.name(), key.getBytes(StandardCharsets.UTF_8), value))
          .get();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String key) {
    return deadLetters.records().stream()
        .filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(String key) {
    return await()
        .atMost(WAIT)
        .until(() -> deadLettersOf(key).stream().findFirst().orElse(null), r -> r != null);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private WatcherService startedWatcher(int batchSize) {
    return startedWatcher(batchSize, registryUrl);
  }

  private WatcherService startedWatcher(int batchSize, String registry) {
    WatcherConfig config =
        new WatcherConfig(
            KafkaClientSettings.of(kafka.bootstrapServers()),
            registry,
            "job-watcher",
            PollIntervals.fixed(POLL),
            batchSize,
            Duration.ofSeconds(5));
    WatcherService started = new WatcherService(config, clients, ssm, Clock.systemUTC()).start();
    await().atMost(WAIT).until(started::isReady);
    return started;
  }

  private static long describeJobsCalls() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(simulator.endpoint().resolve("/_sim/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(answer.body()).path("calls").path("DescribeJobs").asLong();
  }

  private static void addFault(String json) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(simulator.endpoint().resolve("/_sim/faults"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
  }

  private static boolean allCompleted(List<String> jobIds) {
    return drs.describeJobs(r -> r.filters(f -> f.jobIDs(jobIds))).items().stream()
            .filter(
                j -> j.status() == software.amazon.awssdk.services.drs.model.JobStatus.COMPLETED)
            .count()
        == jobIds.size();
  }

  private static int indexOf(List<Object> all, Class<?> type, String completedJobId) {
    for (int i = 0; i < all.size(); i++) {
      Object event = all.get(i);
      if (!type.isInstance(event)) {
        continue;
      }
      if (completedJobId == null
          || (event instanceof JobStatusChanged c
              && c.getJobId().equals(completedJobId)
              && c.getStatus() == JobStatus.COMPLETED)) {
        return i;
      }
    }
    return -1;
  }

  private static <T> T awaitEvent(String executionId, Class<T> type) {
    return await()
        .atMost(WAIT)
        .until(() -> eventsOf(executionId, type).stream().findFirst().orElse(null), e -> e != null);
  }

  private static <T> List<T> eventsOf(String executionId, Class<T> type) {
    return events.eventsOf(executionId).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static WaveEvent event(WaveLaunched launched) {
    return WaveEvent.newBuilder().setEvent(launched).build();
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

  /**
   * A WaveLaunched whose execution id the default partitioner sends to {@code partition}, as every
   * writer of drs.wave-events keys its records: a record written to a partition its key does not
   * hash to has its wave's later events on another partition, so every later watcher would see the
   * wave as never ended and poll its job for the rest of the class.
   */
  private static WaveLaunched launchedOnPartition(
      int partition, List<String> jobIds, List<String> servers) {
    while (true) {
      WaveLaunched launched = launched(jobIds, servers);
      byte[] key = launched.getExecutionId().getBytes(StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == partition) {
        return launched;
      }
    }
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
