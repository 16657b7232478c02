package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.ServerSnapshot;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.launcher.launch.JobTags;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.launcher.terminate.InstanceTerminator;
import io.drsorch.launcher.terminate.TerminationSettings;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.simulator.DrsSimulator;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.RecoveryInstance;

/**
 * Point-in-time launches: the launcher on a real broker and registry, launching through the AWS SDK
 * into the simulator, whose servers are given recovery snapshots at chosen times. At most two
 * servers a StartRecovery here, so that a wave of three is two jobs, as a large wave would be.
 */
class PointInTimeLaunchTest {

  private static final String REGION = "us-east-1";
  private static final Random RANDOM = new Random();
  private static final String TRANSACTIONAL_ID = "drs-launcher-pit-test";
  private static final int SERVERS_PER_CALL = 2;
  private static final String DESCRIBE_SNAPSHOTS = "DescribeRecoverySnapshots";

  private static EmbeddedKafka kafka;
  private static String registryUrl;
  private static DrsSimulator simulator;
  private static DrsClients clients;
  private static DrsClient drs;
  private static LauncherService launcher;
  private static KafkaProducer<byte[], byte[]> producer;
  private static AvroSerde<WaveCommand> commands;
  private static EventsReader events;

  /** Snapshot times of every test, all in the past of the simulator's clock. */
  private static final Instant T1 =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

  private static final Instant T2 = T1.plus(Duration.ofMinutes(10));
  private static final Instant T3 = T1.plus(Duration.ofMinutes(20));
  private static final Instant BETWEEN_T2_AND_T3 = T1.plus(Duration.ofMinutes(15));

  @BeforeAll
  static void startEverything() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    kafka = EmbeddedKafka.start();
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
    registryUrl = SchemaRegistryProcess.shared().url();
    simulator = DrsSimulator.start("127.0.0.1", 0);
    simulator.configure(0.3, 0.5, 0);
    clients = new DrsClients(simulator.endpoint(), simulator.stsEndpoint(), "test");
    drs = clients.forRegion(REGION);
    launcher = startedLauncher(Duration.ofMinutes(2));
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    commands = AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveCommand.class);
    events = new EventsReader(kafka.bootstrapServers(), registryUrl, Topics.WAVE_EVENTS.name());
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable part :
        new AutoCloseable[] {events, producer, launcher, clients, simulator, kafka}) {
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
  void clearFaults() {
    simulator.clearFaults();
  }

  @Test
  void givenSnapshotsAtT1T2T3_whenLaunchedAtATimeBetweenT2AndT3_thenEachServerFromItsT2Snapshot()
      throws Exception {
    // given three servers, each with its own snapshots at t1 < t2 < t3
    List<String> servers = servers(3);
    Map<String, String> t2Snapshots = new LinkedHashMap<>();
    for (String server : servers) {
      t2Snapshots.put(server, snapshotsAt(server, T1, T2, T3).get(1));
    }
    LaunchWave command = launchWave(servers, BETWEEN_T2_AND_T3);
    long describeSnapshots = calls(DESCRIBE_SNAPSHOTS);

    // when
    send(command);

    // then the event names each server's t2 snapshot, in the wave's order
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getJobIds()).hasSize(2);
    assertThat(launched.getSnapshots())
        .extracting(
            ServerSnapshot::getSourceServerId,
            ServerSnapshot::getSnapshotId,
            ServerSnapshot::getTakenAt)
        .containsExactly(
            servers.stream().map(s -> tuple(s, t2Snapshots.get(s), T2)).toArray(Tuple[]::new));
    // and DRS launched every instance, in both jobs, from the data of t2
    Map<String, Instant> launchedFrom = awaitRecoveryPoints(servers);
    assertThat(launchedFrom)
        .containsOnlyKeys(servers)
        .allSatisfy((s, at) -> assertThat(at).isEqualTo(T2));
    assertThat(jobsTagged(command.getRequestId()))
        .containsExactlyInAnyOrderElementsOf(launched.getJobIds());
    // one look-up per server, no more
    assertThat(calls(DESCRIBE_SNAPSHOTS) - describeSnapshots).isEqualTo(3);
  }

  @Test
  void givenASnapshotTakenExactlyAtThePointInTime_whenLaunched_thenFromThatSnapshot() {
    // given
    List<String> servers = servers(1);
    String atT2 = snapshotsAt(servers.get(0), T1, T2, T3).get(1);
    LaunchWave command = launchWave(servers, T2);
    // when
    send(command);
    // then "at or before" includes the time itself
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getSnapshots())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getSnapshotId()).isEqualTo(atT2);
              assertThat(s.getTakenAt()).isEqualTo(T2);
            });
  }

  @Test
  void givenServersWithoutASnapshotBeforeTheTime_whenLaunched_thenFinalFailureNamingThemAndNoJob()
      throws Exception {
    // given one server with snapshots at t1 and t2, one whose only snapshot is t3, one with none
    List<String> servers = servers(3);
    String ready = servers.get(0);
    String onlyLater = servers.get(1);
    String none = servers.get(2);
    snapshotsAt(ready, T1, T2);
    snapshotsAt(onlyLater, T3);
    snapshotsAt(none);
    LaunchWave command = launchWave(servers, BETWEEN_T2_AND_T3);
    long startRecovery = calls("StartRecovery");

    // when
    send(command);

    // then the wave is refused for good, naming both servers and the time
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("NoRecoverySnapshot");
    assertThat(failed.getMessage())
        .isEqualTo(
            "no recovery snapshot at or before "
                + BETWEEN_T2_AND_T3
                + " for "
                + onlyLater
                + ", "
                + none);
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getRetryAfterSeconds()).isNull();
    assertThat(failed.getJobIds()).isEmpty();
    // and not even the server that had one was launched: DRS has no job of the wave
    assertThat(calls("StartRecovery")).isEqualTo(startRecovery);
    assertThat(jobsTagged(command.getRequestId())).isEmpty();
  }

  @Test
  void givenNoPointInTime_whenLaunched_thenNoSnapshotLookUpAndNoSnapshotsReported()
      throws Exception {
    // given servers with snapshots, and a wave for their latest data
    List<String> servers = servers(3);
    servers.forEach(s -> snapshotsAt(s, T1, T2, T3));
    LaunchWave command = launchWave(servers, null);
    long describeSnapshots = calls(DESCRIBE_SNAPSHOTS);
    long startRecovery = calls("StartRecovery");
    // when
    send(command);
    // then the launch costs what it always did: one StartRecovery per chunk, nothing more
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getSnapshots()).isEmpty();
    assertThat(calls("StartRecovery") - startRecovery).isEqualTo(2);
    assertThat(calls(DESCRIBE_SNAPSHOTS)).isEqualTo(describeSnapshots);
    // and DRS launched them from the latest data, not from a snapshot of the past
    assertThat(awaitRecoveryPoints(servers)).allSatisfy((s, at) -> assertThat(at).isAfter(T3));
  }

  @Test
  void givenSnapshotLookUpThrottled_whenLaunched_thenRetryableFailureWithRetryAfterAndNoJob()
      throws Exception {
    // given
    List<String> servers = servers(2);
    servers.forEach(s -> snapshotsAt(s, T1, T2, T3));
    simulator.failNextCalls(DESCRIBE_SNAPSHOTS, "ThrottlingException", 1, 2);
    LaunchWave command = launchWave(servers, BETWEEN_T2_AND_T3);
    long startRecovery = calls("StartRecovery");
    // when
    send(command);
    // then reported as a throttled StartRecovery would be, for the scheduler to retry
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("ThrottlingException");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getRetryAfterSeconds()).isEqualTo(2);
    assertThat(failed.getJobIds()).isEmpty();
    assertThat(calls("StartRecovery")).isEqualTo(startRecovery);
  }

  @Test
  void givenSnapshotLookUpFailingInDrs_whenLaunched_thenRetryableFailure() {
    // given DRS failing the first look-up
    List<String> servers = servers(2);
    servers.forEach(s -> snapshotsAt(s, T1, T2, T3));
    LaunchWave command = launchWave(servers, BETWEEN_T2_AND_T3);
    simulator.failNextCalls(DESCRIBE_SNAPSHOTS, "InternalServerException", 1, 1);
    // when
    send(command);
    // then
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("InternalServerException");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(jobsTagged(command.getRequestId())).isEmpty();
  }

  @Test
  void
      givenTheLauncherKilledAfterAPointInTimeStartRecovery_whenANewOneReadsIt_thenItReportsTheSnapshots()
          throws Exception {
    // given a point-in-time wave whose StartRecovery creates its job at once but answers late, so
    // that the launcher is stopped while the job exists and its answer is not committed
    List<String> servers = servers(2);
    Map<String, String> t2Snapshots = new LinkedHashMap<>();
    for (String server : servers) {
      t2Snapshots.put(server, snapshotsAt(server, T1, T2, T3).get(1));
    }
    addFault("{\"operation\":\"StartRecovery\",\"answerDelayMs\":3000,\"times\":1}");
    LaunchWave command = launchWave(servers, BETWEEN_T2_AND_T3);
    send(command);
    String started =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> jobsTagged(command.getRequestId()), jobs -> !jobs.isEmpty())
            .get(0);

    // when the launcher stops before committing, and a new one takes its partitions
    launcher.close();
    assertThat(events.eventsOf(command.getExecutionId())).isEmpty();
    long describeSnapshots = calls(DESCRIBE_SNAPSHOTS);
    long startRecovery = calls("StartRecovery");
    launcher = startedLauncher(Duration.ZERO);

    // then it adopts the job, and still names the snapshot each server was launched from
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getJobIds()).containsExactly(started);
    assertThat(launched.getSnapshots())
        .extracting(ServerSnapshot::getSourceServerId, ServerSnapshot::getSnapshotId)
        .containsExactly(
            tuple(servers.get(0), t2Snapshots.get(servers.get(0))),
            tuple(servers.get(1), t2Snapshots.get(servers.get(1))));
    assertThat(launched.getSnapshots()).extracting(ServerSnapshot::getTakenAt).containsOnly(T2);
    // which are those DRS launched them from; found again, not launched again
    assertThat(awaitRecoveryPoints(servers)).allSatisfy((s, at) -> assertThat(at).isEqualTo(T2));
    assertThat(calls(DESCRIBE_SNAPSHOTS) - describeSnapshots).isEqualTo(2);
    assertThat(calls("StartRecovery")).isEqualTo(startRecovery);
    assertThat(jobsTagged(command.getRequestId())).containsExactly(started);
  }

  // ---- helpers ----

  /** Replaces the server's recovery snapshots with one at each time; answers their ids. */
  private static List<String> snapshotsAt(String server, Instant... times) {
    return simulator.setRecoverySnapshots(REGION, server, List.of(times));
  }

  /**
   * The time of the data each server's recovery instance was launched from, as DRS reports it
   * ({@code pointInTimeSnapshotDateTime}), once every server has one: instances are listed from
   * their job's completion on.
   */
  private static Map<String, Instant> awaitRecoveryPoints(List<String> servers) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Map<String, Instant> points = new LinkedHashMap<>();
              for (RecoveryInstance instance :
                  drs.describeRecoveryInstances(r -> r.filters(f -> f.sourceServerIDs(servers)))
                      .items()) {
                points.put(
                    instance.sourceServerID(),
                    OffsetDateTime.parse(instance.pointInTimeSnapshotDateTime()).toInstant());
              }
              return points;
            },
            points -> points.size() == servers.size());
  }

  private static long calls(String operation) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(simulator.endpoint().resolve("/_sim/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode stats = new ObjectMapper().readTree(answer.body());
    return stats.path("calls").path(operation).asLong();
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

  private static <T> T awaitEvent(String executionId, Class<T> type) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                events.eventsOf(executionId).stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private static LauncherService startedLauncher(Duration clockSkew) {
    LauncherConfig config =
        new LauncherConfig(
            KafkaClientSettings.of(kafka.bootstrapServers()),
            registryUrl,
            "drs-launcher",
            TRANSACTIONAL_ID,
            SERVERS_PER_CALL,
            4);
    LauncherService started =
        new LauncherService(
                config,
                new WaveLauncher(clients, SERVERS_PER_CALL, clockSkew),
                new InstanceTerminator(
                    clients,
                    new TerminationSettings(
                        200, 3, Duration.ofMillis(100), Duration.ofSeconds(1), clockSkew)),
                Clock.systemUTC())
            .start();
    await().atMost(Duration.ofSeconds(30)).until(started::isReady);
    return started;
  }

  private static List<String> jobsTagged(String requestId) {
    List<String> tagged = new ArrayList<>();
    drs.describeJobsPaginator(
            r -> r.filters(f -> f.fromDate(Instant.now().minusSeconds(3600).toString())))
        .items()
        .forEach(
            j -> {
              if (j.hasTags() && requestId.equals(j.tags().get(JobTags.REQUEST_ID))) {
                tagged.add(j.jobID());
              }
            });
    return tagged;
  }

  private static void send(LaunchWave command) {
    WaveCommand envelope = WaveCommand.newBuilder().setCommand(command).build();
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_COMMANDS.name(),
            command.getExecutionId().getBytes(StandardCharsets.UTF_8),
            commands.serialize(Topics.WAVE_COMMANDS.name(), envelope)));
    producer.flush();
  }

  private static LaunchWave launchWave(List<String> servers, Instant pointInTime) {
    String executionId = UUID.randomUUID().toString();
    return LaunchWave.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Instant.now())
        .setWaveId("db")
        .setAttempt(1)
        .setRegion(REGION)
        .setSourceServerIds(servers)
        .setDrill(true)
        .setRequestId(executionId + "/db/1")
        .setPointInTime(pointInTime)
        .build();
  }

  private static List<String> servers(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(serverId());
    }
    simulator.addSourceServers(REGION, ids);
    return ids;
  }

  private static String serverId() {
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    StringBuilder id = new StringBuilder("s-");
    for (int i = 0; i < 17; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
