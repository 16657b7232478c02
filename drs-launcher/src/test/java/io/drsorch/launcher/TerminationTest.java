package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveCommand;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.launcher.admission.TerminationCheck;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobStatus;
import software.amazon.awssdk.services.drs.model.JobType;
import software.amazon.awssdk.services.drs.model.LaunchStatus;
import software.amazon.awssdk.services.drs.model.ParticipatingServer;
import software.amazon.awssdk.services.drs.model.RecoveryInstance;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/**
 * Drill clean-ups: the launcher on a real broker and registry, terminating through the AWS SDK the
 * recovery instances a drill launched in the simulator (launched here with StartRecovery, as the
 * launcher would, and awaited until DRS lists them).
 */
class TerminationTest {

  private static final String REGION = "us-east-1";
  private static final Random RANDOM = new Random();
  private static final String TRANSACTIONAL_ID = "drs-launcher-termination-test";
  private static final String TERMINATE = "TerminateRecoveryInstances";

  /** Tries in all of a failure that may pass, in this test's launcher. */
  private static final int ATTEMPTS = 3;

  private static EmbeddedKafka kafka;
  private static String registryUrl;
  private static DrsSimulator simulator;
  private static DrsClients clients;
  private static DrsClient drs;
  private static LauncherService launcher;
  private static KafkaProducer<byte[], byte[]> producer;
  private static AvroSerde<WaveCommand> commands;
  private static EventsReader events;
  private static EventsReader letters;

  @BeforeAll
  static void startEverything() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    kafka = EmbeddedKafka.start();
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
    registryUrl = SchemaRegistryProcess.shared().url();
    simulator = DrsSimulator.start("127.0.0.1", 0);
    quickJobs();
    clients = new DrsClients(simulator.endpoint(), simulator.stsEndpoint(), "test");
    drs = clients.forRegion(REGION);
    launcher = startedLauncher();
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    commands = AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), WaveCommand.class);
    events = new EventsReader(kafka.bootstrapServers(), registryUrl, Topics.WAVE_EVENTS.name());
    letters = new EventsReader(kafka.bootstrapServers(), registryUrl, Topics.DEAD_LETTERS);
  }

  @AfterAll
  static void stopEverything() {
    for (AutoCloseable part :
        new AutoCloseable[] {letters, events, producer, launcher, clients, simulator, kafka}) {
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
    quickJobs();
  }

  @Test
  void givenThreeDrillInstances_whenTwoAreTerminated_thenOneTerminateJobAndTheThirdStaysListed() {
    // given a drill's three recovery instances
    List<String> instances = drillInstances(3);
    List<String> two = instances.subList(0, 2);
    TerminateRecoveryInstances command = terminate(two);
    long calls = calls(TERMINATE);

    // when
    send(command);

    // then one TERMINATE job, named by the event with the two instances
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(started.getJobIds()).hasSize(1);
    String jobId = started.getJobIds().get(0);
    assertThat(started.getRecoveryInstanceIds()).containsExactlyElementsOf(two);
    assertThat(started.getAlreadyGone()).isEmpty();
    assertThat(started.getRequestId()).isEqualTo(command.getRequestId());
    assertThat(started.getCausationId()).isEqualTo(command.getId());
    assertThat(started.getRegion()).isEqualTo(REGION);
    assertThat(started.getAccountId()).isNull();
    assertThat(started.getRoleArn()).isNull();
    assertThat(calls(TERMINATE) - calls).isEqualTo(1);
    Job job = awaitCompleted(jobId);
    assertThat(job.type()).isEqualTo(JobType.TERMINATE);
    assertThat(job.participatingServers())
        .extracting(ParticipatingServer::recoveryInstanceID)
        .containsExactlyInAnyOrderElementsOf(two);
    assertThat(job.participatingServers())
        .extracting(ParticipatingServer::launchStatus)
        .containsOnly(LaunchStatus.TERMINATED);
    // and once it completed, DRS lists the third instance only
    assertThat(listed(instances)).containsExactly(instances.get(2));
  }

  @Test
  void given201Instances_whenTerminated_thenOneCallOf200AndOneOf1() {
    // given more instances than one TerminateRecoveryInstances takes
    List<String> instances = drillInstances(201);
    TerminateRecoveryInstances command = terminate(instances);
    long calls = calls(TERMINATE);

    // when
    send(command);

    // then two calls, two jobs, in the command's order
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(calls(TERMINATE) - calls).isEqualTo(2);
    assertThat(started.getJobIds()).hasSize(2);
    assertThat(started.getRecoveryInstanceIds()).containsExactlyElementsOf(instances);
    assertThat(awaitCompleted(started.getJobIds().get(0)).participatingServers())
        .extracting(ParticipatingServer::recoveryInstanceID)
        .containsExactlyInAnyOrderElementsOf(instances.subList(0, 200));
    assertThat(awaitCompleted(started.getJobIds().get(1)).participatingServers())
        .extracting(ParticipatingServer::recoveryInstanceID)
        .containsExactly(instances.get(200));
    assertThat(listed(instances)).isEmpty();
  }

  @Test
  void givenAnInstanceTerminatedBefore_whenTerminated_thenAlreadyGoneAndOnlyTheOtherInAJob() {
    // given two instances, the first already terminated and deleted from DRS
    List<String> instances = drillInstances(2);
    String gone = instances.get(0);
    awaitCompleted(drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(gone)).job().jobID());
    assertThat(listed(instances)).containsExactly(instances.get(1));
    TerminateRecoveryInstances command = terminate(instances);
    long calls = calls(TERMINATE);

    // when
    send(command);

    // then
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(started.getAlreadyGone()).containsExactly(gone);
    assertThat(started.getRecoveryInstanceIds()).containsExactly(instances.get(1));
    assertThat(started.getJobIds()).hasSize(1);
    assertThat(calls(TERMINATE) - calls).isEqualTo(1);
    assertThat(terminateJobsNaming(List.of(gone))).hasSize(1); // the one before, no other
  }

  @Test
  void givenEveryInstanceGone_whenTerminated_thenStartedWithNoJobAndNoCall() {
    // given
    List<String> instances = drillInstances(2);
    awaitCompleted(
        drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instances)).job().jobID());
    TerminateRecoveryInstances command = terminate(instances);
    long calls = calls(TERMINATE);
    long describeJobs = calls("DescribeJobs");
    // when
    send(command);
    // then nothing to do, and nothing asked but where the instances are
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(started.getJobIds()).isEmpty();
    assertThat(started.getRecoveryInstanceIds()).isEmpty();
    assertThat(started.getAlreadyGone()).containsExactlyElementsOf(instances);
    assertThat(calls(TERMINATE)).isEqualTo(calls);
    assertThat(calls("DescribeJobs")).isEqualTo(describeJobs);
  }

  @Test
  void
      givenAnInstanceBeingTerminatedByAnotherJob_whenTerminated_thenThatJobIsNamedNotCalledTwice() {
    // given an instance whose TERMINATE job (started by someone else) is still PENDING: DRS lists
    // it RUNNING, and would answer a second termination with ConflictException
    List<String> instances = drillInstances(2);
    simulator.configure(5, 5, 0);
    String theirs =
        drs.terminateRecoveryInstances(r -> r.recoveryInstanceIDs(instances.get(0))).job().jobID();
    TerminateRecoveryInstances command = terminate(instances);
    long calls = calls(TERMINATE);

    // when
    send(command);

    // then their job is named for the first, a new one started for the second only
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(started.getRecoveryInstanceIds()).containsExactlyElementsOf(instances);
    assertThat(started.getJobIds()).hasSize(2).startsWith(theirs);
    assertThat(calls(TERMINATE) - calls).isEqualTo(1);
    assertThat(terminateJobsNaming(List.of(instances.get(0)))).containsOnlyKeys(theirs);
  }

  @Test
  void givenTheLauncherKilledAfterTerminateRecoveryInstances_whenANewOneReadsIt_thenNoSecondJob()
      throws Exception {
    // given a termination whose call creates its job at once but answers late, so that the
    // launcher is stopped while the job runs (slowly here) and its answer is not committed
    List<String> instances = drillInstances(2);
    simulator.configure(5, 5, 0);
    addFault("{\"operation\":\"" + TERMINATE + "\",\"answerDelayMs\":3000,\"times\":1}");
    TerminateRecoveryInstances command = terminate(instances);
    send(command);
    String first =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> terminateJobsNaming(instances), jobs -> !jobs.isEmpty())
            .keySet()
            .iterator()
            .next();

    // when the launcher stops before committing, and a new one takes its partitions
    launcher.close();
    assertThat(events.eventsOf(command.getExecutionId())).isEmpty();
    long calls = calls(TERMINATE);
    launcher = startedLauncher();

    // then it finds the job, and names it, without calling TerminateRecoveryInstances again
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(started.getJobIds()).containsExactly(first);
    assertThat(started.getRecoveryInstanceIds()).containsExactlyElementsOf(instances);
    assertThat(started.getAlreadyGone()).isEmpty();
    assertThat(calls(TERMINATE)).isEqualTo(calls);
    assertThat(terminateJobsNaming(instances)).containsOnlyKeys(first);
    assertThat(events.eventsOf(command.getExecutionId())).hasSize(1);
  }

  @Test
  void givenThrottlingTwice_whenTerminated_thenRetriedAfterRetryAfterAndStarted() {
    // given
    List<String> instances = drillInstances(1);
    simulator.failNextCalls(TERMINATE, "ThrottlingException", 2, 1);
    TerminateRecoveryInstances command = terminate(instances);
    long calls = calls(TERMINATE);
    long sent = System.nanoTime();
    // when
    send(command);
    // then the third try started the job, each retry after the second DRS asked for
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThan(Duration.ofSeconds(2));
    assertThat(started.getJobIds()).hasSize(1);
    assertThat(calls(TERMINATE) - calls).isEqualTo(3);
    assertThat(terminateJobsNaming(instances)).containsOnlyKeys(started.getJobIds().get(0));
  }

  @Test
  void givenAConflict_whenTerminated_thenRetriedNotFailed() {
    // given
    List<String> instances = drillInstances(1);
    simulator.failNextCalls(TERMINATE, "ConflictException", 1, 0);
    TerminateRecoveryInstances command = terminate(instances);
    // when
    send(command);
    // then
    TerminationStarted started = awaitEvent(command.getExecutionId(), TerminationStarted.class);
    assertThat(started.getJobIds()).hasSize(1);
    assertThat(started.getRecoveryInstanceIds()).containsExactlyElementsOf(instances);
  }

  @Test
  void givenThrottlingPastTheRetryLimit_whenTerminated_thenTerminationFailedWithDrsWords() {
    // given
    List<String> instances = drillInstances(2);
    simulator.failNextCalls(TERMINATE, "ThrottlingException", ATTEMPTS + 2, 0);
    TerminateRecoveryInstances command = terminate(instances);
    long calls = calls(TERMINATE);
    // when
    send(command);
    // then
    TerminationFailed failed = awaitEvent(command.getExecutionId(), TerminationFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("ThrottlingException");
    assertThat(failed.getMessage()).isEqualTo("Rate exceeded");
    assertThat(failed.getRecoveryInstanceIds()).containsExactlyElementsOf(instances);
    assertThat(failed.getJobIds()).isEmpty();
    assertThat(failed.getRequestId()).isEqualTo(command.getRequestId());
    assertThat(failed.getCausationId()).isEqualTo(command.getId());
    assertThat(calls(TERMINATE) - calls).isEqualTo(ATTEMPTS);
    assertThat(listed(instances)).containsExactlyInAnyOrderElementsOf(instances);
  }

  @Test
  void givenAccessDenied_whenTerminated_thenTerminationFailedAtOnce() {
    // given
    List<String> instances = drillInstances(1);
    simulator.failNextCalls(TERMINATE, "AccessDeniedException", 1, 0);
    TerminateRecoveryInstances command = terminate(instances);
    long calls = calls(TERMINATE);
    // when
    send(command);
    // then not retried: asking again changes nothing
    TerminationFailed failed = awaitEvent(command.getExecutionId(), TerminationFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("AccessDeniedException");
    assertThat(failed.getMessage()).isEqualTo("User is not authorized to perform this action");
    assertThat(failed.getRecoveryInstanceIds()).containsExactlyElementsOf(instances);
    assertThat(failed.getJobIds()).isEmpty();
    assertThat(calls(TERMINATE) - calls).isEqualTo(1);
    assertThat(listed(instances)).containsExactlyElementsOf(instances);
  }

  @Test
  void givenMalformedInstanceIdsOrRegion_whenConsumed_thenRefusedBeforeDrsNamingTheProblems() {
    // given
    TerminateRecoveryInstances command =
        terminate(List.of("i-0123456789abcdef0", "not-an-instance", "i-0123456789abcdef0"));
    command.setRegion("moon-1");
    long describes = calls("DescribeRecoveryInstances");
    long calls = calls(TERMINATE);
    // when
    send(command);
    // then
    TerminationFailed failed = awaitEvent(command.getExecutionId(), TerminationFailed.class);
    assertThat(failed.getErrorCode())
        .isEqualTo(TerminationCheck.INVALID_TERMINATE_RECOVERY_INSTANCES);
    assertThat(failed.getMessage())
        .startsWith("not terminated: 3 problems: ")
        .contains("region: not an AWS region: 'moon-1'")
        .contains("recoveryInstanceIds[1]: not a recovery instance id")
        .contains("recoveryInstanceIds[2]: i-0123456789abcdef0 is listed twice");
    assertThat(calls("DescribeRecoveryInstances")).isEqualTo(describes);
    assertThat(calls(TERMINATE)).isEqualTo(calls);
  }

  @Test
  void givenAMalformedExecutionId_whenConsumed_thenDeadLetteredWithTheReason() {
    // given a command no event could answer
    TerminateRecoveryInstances command = terminate(List.of("i-0123456789abcdef0"));
    String executionId = "exec/with/slashes";
    command.setExecutionId(executionId);
    command.setRequestId(executionId + "/cleanup/" + REGION + "/own");
    // when
    send(command);
    // then
    ConsumerRecord<byte[], byte[]> letter =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> deadLetterOf(executionId), r -> r != null);
    assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_COMMANDS.name());
    assertThat(header(letter, "dlq.reason"))
        .contains("TerminateRecoveryInstances cannot be answered")
        .contains("executionId: use letters, digits, '_' or '-' only");
    assertThat(events.eventsOf(executionId)).isEmpty();
  }

  // ---- helpers ----

  /** Jobs of 0.3 s PENDING and 0.5 s STARTED: drills and terminations end quickly. */
  private static void quickJobs() {
    simulator.configure(0.3, 0.5, 0);
  }

  /**
   * Launches a drill of {@code count} new servers (200 a StartRecovery) and answers their recovery
   * instances, in the servers' order, once DRS lists every one.
   */
  private static List<String> drillInstances(int count) {
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      servers.add(serverId());
    }
    simulator.addSourceServers(REGION, servers);
    for (int from = 0; from < servers.size(); from += 200) {
      List<StartRecoveryRequestSourceServer> chunk =
          servers.subList(from, Math.min(servers.size(), from + 200)).stream()
              .map(s -> StartRecoveryRequestSourceServer.builder().sourceServerID(s).build())
              .toList();
      drs.startRecovery(r -> r.isDrill(true).sourceServers(chunk));
    }
    Map<String, String> byServer =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> instancesOf(servers), found -> found.size() == servers.size());
    return servers.stream().map(byServer::get).toList();
  }

  private static Map<String, String> instancesOf(List<String> servers) {
    Map<String, String> byServer = new LinkedHashMap<>();
    for (int from = 0; from < servers.size(); from += 200) {
      List<String> chunk = servers.subList(from, Math.min(servers.size(), from + 200));
      drs.describeRecoveryInstancesPaginator(r -> r.filters(f -> f.sourceServerIDs(chunk)))
          .items()
          .forEach(i -> byServer.put(i.sourceServerID(), i.recoveryInstanceID()));
    }
    return byServer;
  }

  /** Those of the instances DRS lists, in its order. */
  private static List<String> listed(List<String> instances) {
    List<String> listed = new ArrayList<>();
    for (int from = 0; from < instances.size(); from += 200) {
      List<String> chunk = instances.subList(from, Math.min(instances.size(), from + 200));
      for (RecoveryInstance instance :
          drs.describeRecoveryInstancesPaginator(r -> r.filters(f -> f.recoveryInstanceIDs(chunk)))
              .items()) {
        listed.add(instance.recoveryInstanceID());
      }
    }
    return listed;
  }

  /** Every TERMINATE job of the last hour naming some of the instances, with those it names. */
  private static Map<String, Set<String>> terminateJobsNaming(List<String> instances) {
    Set<String> wanted = new HashSet<>(instances);
    Map<String, Set<String>> jobs = new LinkedHashMap<>();
    drs.describeJobsPaginator(
            r -> r.filters(f -> f.fromDate(Instant.now().minusSeconds(3600).toString())))
        .items()
        .forEach(
            job -> {
              if (job.type() != JobType.TERMINATE) {
                return;
              }
              for (ParticipatingServer server : job.participatingServers()) {
                if (wanted.contains(server.recoveryInstanceID())) {
                  jobs.computeIfAbsent(job.jobID(), id -> new HashSet<>())
                      .add(server.recoveryInstanceID());
                }
              }
            });
    return jobs;
  }

  private static Job awaitCompleted(String jobId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> drs.describeJobs(r -> r.filters(f -> f.jobIDs(jobId))).items().get(0),
            job -> job.status() == JobStatus.COMPLETED);
  }

  private static long calls(String operation) {
    return simulator.callCounts().getOrDefault(operation, 0L);
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
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                events.eventsOf(executionId).stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private static ConsumerRecord<byte[], byte[]> deadLetterOf(String key) {
    return letters.records().stream()
        .filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .findFirst()
        .orElse(null);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static LauncherService startedLauncher() {
    Duration clockSkew = Duration.ofMinutes(2);
    LauncherConfig config =
        new LauncherConfig(
            KafkaClientSettings.of(kafka.bootstrapServers()),
            registryUrl,
            "drs-launcher",
            TRANSACTIONAL_ID,
            100,
            4);
    TerminationSettings termination =
        new TerminationSettings(
            TerminationSettings.DRS_MAX_INSTANCES_PER_CALL,
            ATTEMPTS,
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            clockSkew);
    LauncherService started =
        new LauncherService(
                config,
                new WaveLauncher(clients, 100, clockSkew),
                new InstanceTerminator(clients, termination),
                Clock.systemUTC())
            .start();
    await().atMost(Duration.ofSeconds(30)).until(started::isReady);
    return started;
  }

  private static void send(TerminateRecoveryInstances command) {
    WaveCommand envelope = WaveCommand.newBuilder().setCommand(command).build();
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_COMMANDS.name(),
            command.getExecutionId().getBytes(StandardCharsets.UTF_8),
            commands.serialize(Topics.WAVE_COMMANDS.name(), envelope)));
    producer.flush();
  }

  /** The scheduler's command for the instances of one execution in REGION and its own account. */
  private static TerminateRecoveryInstances terminate(List<String> instances) {
    String executionId = UUID.randomUUID().toString();
    return TerminateRecoveryInstances.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Instant.now())
        .setRequestId(executionId + "/cleanup/" + REGION + "/own")
        .setRegion(REGION)
        .setRecoveryInstanceIds(instances)
        .build();
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
