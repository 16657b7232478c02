package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.launcher.admission.CommandCheck;
import io.drsorch.launcher.launch.JobTags;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.launcher.terminate.InstanceTerminator;
import io.drsorch.launcher.terminate.TerminationSettings;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequest;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;

/** The launcher on a real broker and registry, launching through the AWS SDK into the simulator. */
class LauncherServiceTest {

  private static final String REGION = "us-east-1";
  private static final Random RANDOM = new Random();
  private static final String TRANSACTIONAL_ID = "drs-launcher-test";

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
    simulator.configure(0.3, 0.5, 0);
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
    simulator.configure(0.3, 0.5, 0);
  }

  @Test
  void givenLaunchWave_whenConsumed_thenWaveLaunchedWithTheTaggedJob() {
    // given
    List<String> servers = servers(2);
    LaunchWave command = launchWave(servers);
    // when
    send(command);
    // then
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getJobIds()).hasSize(1);
    assertThat(launched.getRequestId()).isEqualTo(command.getRequestId());
    assertThat(launched.getCausationId()).isEqualTo(command.getId());
    assertThat(launched.getSourceServerIds()).containsExactlyElementsOf(servers);
    Job job = job(launched.getJobIds().get(0));
    assertThat(job.tags())
        .containsEntry(JobTags.EXECUTION_ID, command.getExecutionId())
        .containsEntry(JobTags.WAVE_ID, command.getWaveId())
        .containsEntry(JobTags.ATTEMPT, "1")
        .containsEntry(JobTags.REQUEST_ID, command.getRequestId())
        .containsEntry(JobTags.CHUNK, "1/1");
    assertThat(job.participatingServers())
        .extracting(s -> s.sourceServerID())
        .containsExactlyInAnyOrderElementsOf(servers);
  }

  @Test
  void givenWaveOfAnotherAccount_whenLaunched_thenTheJobRunsThereThroughTheAssumedRole() {
    // given servers replicating into account 111122223333, reached through a role
    String account = "111122223333";
    String role = "arn:aws:iam::" + account + ":role/DrsOrchestrator";
    List<String> servers = List.of(serverId(), serverId());
    simulator.addSourceServers(account, REGION, servers);
    LaunchWave command = launchWave(servers);
    command.setAccountId(account);
    command.setRoleArn(role);
    // when
    send(command);
    // then the job is that account's, and the event names the role for the watcher
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getAccountId()).isEqualTo(account);
    assertThat(launched.getRoleArn()).isEqualTo(role);
    String jobId = launched.getJobIds().get(0);
    Job there =
        clients
            .forTarget(REGION, role)
            .describeJobs(r -> r.filters(f -> f.jobIDs(jobId)))
            .items()
            .get(0);
    assertThat(there.arn()).isEqualTo("arn:aws:drs:" + REGION + ":" + account + ":job/" + jobId);
    assertThat(there.participatingServers())
        .extracting(s -> s.sourceServerID())
        .containsExactlyInAnyOrderElementsOf(servers);
    assertThat(drs.describeJobs(r -> r.filters(f -> f.jobIDs(jobId))).items())
        .as("the launcher's own account has no such job")
        .isEmpty();
  }

  @Test
  void givenARoleThatMayNotBeAssumed_whenLaunched_thenNonRetryableFailureWithStsWords() {
    // given
    String role = "arn:aws:iam::444455556666:role/Forbidden";
    simulator.denyAssumeRole(role);
    try {
      LaunchWave command = launchWave(List.of(serverId()));
      command.setAccountId("444455556666");
      command.setRoleArn(role);
      // when
      send(command);
      // then
      WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
      assertThat(failed.getErrorCode()).isEqualTo("AccessDenied");
      assertThat(failed.getMessage()).contains("sts:AssumeRole").contains(role);
      assertThat(failed.getRetryable()).isFalse();
      assertThat(failed.getJobIds()).isEmpty();
    } finally {
      simulator.clearDeniedRoles();
    }
  }

  @Test
  void given250Servers_whenLaunchedWithAtMost100PerCall_thenThreeJobs() {
    // given
    List<String> servers = servers(250);
    LaunchWave command = launchWave(servers);
    // when
    send(command);
    // then
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getJobIds()).hasSize(3).doesNotHaveDuplicates();
    assertThat(launched.getJobIds())
        .extracting(id -> job(id).participatingServers().size())
        .containsExactly(100, 100, 50);
  }

  @Test
  void givenThrottling_whenLaunched_thenRetryableFailureWithRetryAfter() throws Exception {
    // given
    addFault(
        "{\"operation\":\"StartRecovery\",\"errorCode\":\"ThrottlingException\",\"times\":1,\"retryAfterSeconds\":1}");
    LaunchWave command = launchWave(servers(1));
    // when
    send(command);
    // then
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("ThrottlingException");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getRetryAfterSeconds()).isEqualTo(1);
    assertThat(failed.getJobIds()).isEmpty();
  }

  @Test
  void givenUnknownServer_whenLaunched_thenNonRetryableFailure() {
    // given a server id the simulator never heard of
    LaunchWave command = launchWave(List.of(serverId()));
    // when
    send(command);
    // then
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getErrorCode()).isNotBlank();
    assertThat(failed.getMessage()).isNotBlank();
  }

  @Test
  void givenUnknownServerInTheLastChunk_whenLaunched_thenFailureListsTheJobsThatStarted() {
    // given
    List<String> servers = new ArrayList<>(servers(200));
    servers.add(serverId());
    LaunchWave command = launchWave(servers);
    // when
    send(command);
    // then
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getJobIds()).hasSize(2);
    assertThat(jobsTagged(command.getRequestId()))
        .containsExactlyInAnyOrderElementsOf(failed.getJobIds());
  }

  @Test
  void givenServersBusyInAnActiveJob_whenLaunchedAgain_thenRetryableConflict() {
    // given
    simulator.configure(30, 30, 0);
    List<String> servers = servers(2);
    LaunchWave first = launchWave(servers);
    send(first);
    awaitEvent(first.getExecutionId(), WaveLaunched.class);
    LaunchWave second = launchWave(servers);
    // when
    send(second);
    // then
    WaveLaunchFailed failed = awaitEvent(second.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("ConflictException");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getMessage()).isNotBlank();
  }

  @Test
  void givenCommandsReadForTheFirstTime_whenLaunched_thenOneStartRecoveryEachAndNoDescribeJobs()
      throws Exception {
    // given ten waves, and an account that already has jobs of every earlier test
    long describeJobs = calls("DescribeJobs");
    long startRecovery = calls("StartRecovery");
    List<LaunchWave> commands = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      commands.add(launchWave(servers(1)));
    }
    // when
    commands.forEach(LauncherServiceTest::send);
    // then each is launched with one StartRecovery, and no search through the account's jobs
    for (LaunchWave command : commands) {
      awaitEvent(command.getExecutionId(), WaveLaunched.class);
    }
    assertThat(calls("StartRecovery") - startRecovery).isEqualTo(10);
    assertThat(calls("DescribeJobs") - describeJobs).isZero();
  }

  @Test
  void
      givenTheLauncherKilledBetweenStartRecoveryAndItsCommit_whenANewOneReadsTheCommand_thenItAdoptsTheJob()
          throws Exception {
    // given an account with jobs from before, and a StartRecovery that creates its job at once but
    // answers late, so that the launcher is stopped while the job exists and its answer is not in
    for (int i = 0; i < 10; i++) {
      startTaggedJob(servers(1), Map.of("purpose", "history"));
    }
    long before = jobsInRegion();
    assertThat(before).as("jobs the account already has").isGreaterThanOrEqualTo(10);
    addFault("{\"operation\":\"StartRecovery\",\"answerDelayMs\":3000,\"times\":1}");
    List<String> servers = servers(2);
    LaunchWave command = launchWave(servers);
    send(command);
    String started =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> jobsTagged(command.getRequestId()), jobs -> !jobs.isEmpty())
            .get(0);

    // when the launcher stops before committing (as a kill would leave it: nothing committed), and
    // a new one, allowing no clock skew, takes its partitions
    launcher.close();
    assertThat(events.eventsOf(command.getExecutionId())).isEmpty();
    long describeJobs = calls("DescribeJobs");
    long itemsRead = items("DescribeJobs");
    launcher = startedLauncher(registryUrl, Duration.ZERO);

    // then it reports the job the first one started, and DRS has no other job for the wave
    WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
    long searches = calls("DescribeJobs") - describeJobs;
    long read = items("DescribeJobs") - itemsRead;
    assertThat(launched.getJobIds()).containsExactly(started);
    assertThat(jobsTagged(command.getRequestId())).containsExactly(started);
    // and the search read only the jobs created since the command, not the account's history
    assertThat(searches).isEqualTo(1);
    assertThat(read).as("jobs read, of %d the account has", before).isEqualTo(1);
  }

  @Test
  void givenAnAnswerLostForAttempt1_whenAttempt2IsLaunched_thenItAdoptsAttempt1sJob() {
    // given: attempt 1's StartRecovery reached DRS but its answer was lost, so the scheduler knows
    // of no job and asks for attempt 2, under a new request id
    List<String> servers = servers(2);
    LaunchWave first = launchWave(servers);
    String existing =
        startTaggedJob(
            servers,
            Map.of(
                JobTags.EXECUTION_ID, first.getExecutionId(),
                JobTags.WAVE_ID, first.getWaveId(),
                JobTags.ATTEMPT, "1",
                JobTags.REQUEST_ID, first.getRequestId(),
                JobTags.CHUNK, "1/1"));
    LaunchWave second =
        LaunchWave.newBuilder(first)
            .setId(UUID.randomUUID().toString())
            .setAttempt(2)
            .setRequestId(first.getExecutionId() + "/db/2")
            .build();

    // when
    send(second);

    // then: attempt 2 reports attempt 1's job, and DRS got no second job for the wave
    WaveLaunched launched = awaitEvent(second.getExecutionId(), WaveLaunched.class);
    assertThat(launched.getAttempt()).isEqualTo(2);
    assertThat(launched.getJobIds()).containsExactly(existing);
    assertThat(jobsTagged(second.getRequestId())).isEmpty();
  }

  @Test
  void givenGarbageOnWaveCommands_whenConsumed_thenDeadLetteredAndNextCommandLaunched() {
    // given
    String key = "garbage-" + UUID.randomUUID();
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_COMMANDS.name(),
            key.getBytes(StandardCharsets.UTF_8),
            "not avro at all".getBytes(StandardCharsets.UTF_8)));
    LaunchWave good = launchWave(servers(1));
    // when
    send(good);
    // then
    awaitEvent(good.getExecutionId(), WaveLaunched.class);
    ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(key);
    assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
    assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_COMMANDS.name());
    assertThat(header(letter, "dlq.service")).isEqualTo("drs-launcher");
    assertThat(header(letter, "dlq.reason")).isNotBlank();
  }

  @Test
  void givenACommandCutShort_whenConsumed_thenDeadLetteredNotReadAgainForever() {
    // given: a real command's bytes, cut after its header and a few bytes of Avro (Avro then
    // reports an EOFException, which is no registry outage), on the partition of the next command
    LaunchWave good = launchWave(servers(1));
    byte[] whole =
        commands.serialize(
            Topics.WAVE_COMMANDS.name(), WaveCommand.newBuilder().setCommand(good).build());
    String key = "cut-" + UUID.randomUUID();
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_COMMANDS.name(),
            0,
            key.getBytes(StandardCharsets.UTF_8),
            java.util.Arrays.copyOf(whole, 12)));
    // when: the good command follows it on the same partition
    sendTo(0, good, -1);
    // then
    ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(key);
    assertThat(header(letter, "dlq.reason")).isNotBlank();
    awaitEvent(good.getExecutionId(), WaveLaunched.class);
  }

  @Test
  void givenInternalServerError_whenLaunched_thenRetryableFailureWithRetryAfter() throws Exception {
    // given
    addFault(
        "{\"operation\":\"StartRecovery\",\"errorCode\":\"InternalServerException\",\"times\":1,\"retryAfterSeconds\":3}");
    LaunchWave command = launchWave(servers(1));
    // when
    send(command);
    // then
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("InternalServerException");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getRetryAfterSeconds()).isEqualTo(3);
    assertThat(jobsTagged(command.getRequestId())).isEmpty();
  }

  @Test
  void givenServiceQuotaExceeded_whenLaunched_thenRetryableFailure() throws Exception {
    // given
    addFault(
        "{\"operation\":\"StartRecovery\",\"errorCode\":\"ServiceQuotaExceededException\",\"times\":1}");
    LaunchWave command = launchWave(servers(1));
    // when
    send(command);
    // then
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("ServiceQuotaExceededException");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getMessage()).isNotBlank();
  }

  @Test
  void givenAccessDenied_whenLaunched_thenNonRetryableFailureWithDrsMessage() throws Exception {
    // given
    addFault(
        "{\"operation\":\"StartRecovery\",\"errorCode\":\"AccessDeniedException\",\"times\":1,"
            + "\"message\":\"User: arn:aws:iam::123456789012:user/x is not authorized to perform: drs:StartRecovery\"}");
    LaunchWave command = launchWave(servers(1));
    // when
    send(command);
    // then
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("AccessDeniedException");
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getMessage())
        .isEqualTo(
            "User: arn:aws:iam::123456789012:user/x is not authorized to perform:"
                + " drs:StartRecovery");
    assertThat(failed.getRetryAfterSeconds()).isNull();
  }

  @Test
  void givenThrottlingStorm_whenTenWavesLaunched_thenOneFailureEachAndTheLauncherGoesOn()
      throws Exception {
    // given
    addFault(
        "{\"operation\":\"StartRecovery\",\"errorCode\":\"ThrottlingException\",\"times\":10,\"retryAfterSeconds\":2}");
    List<LaunchWave> storm = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      storm.add(launchWave(servers(1)));
    }
    // when
    storm.forEach(LauncherServiceTest::send);
    // then every wave gets exactly one retryable failure, and nothing is launched
    for (LaunchWave command : storm) {
      WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
      assertThat(failed.getErrorCode()).isEqualTo("ThrottlingException");
      assertThat(failed.getRetryable()).isTrue();
      assertThat(failed.getRetryAfterSeconds()).isEqualTo(2);
      assertThat(jobsTagged(command.getRequestId())).isEmpty();
    }
    // and the storm over, the launcher is still there and launches the next wave
    LaunchWave after = launchWave(servers(1));
    send(after);
    awaitEvent(after.getExecutionId(), WaveLaunched.class);
    for (LaunchWave command : storm) {
      assertThat(events.eventsOf(command.getExecutionId())).hasSize(1);
    }
    assertThat(launcher.isReady()).isTrue();
  }

  @Test
  void givenDedupeLookupThrottled_whenLaunched_thenRetryableFailureWithoutStartRecovery()
      throws Exception {
    // given a retry, which looks for jobs an earlier attempt started, and DescribeJobs throttled
    addFault(
        "{\"operation\":\"DescribeJobs\",\"errorCode\":\"ThrottlingException\",\"times\":1,\"retryAfterSeconds\":1}");
    long startRecoveryCalls = calls("StartRecovery");
    LaunchWave first = launchWave(servers(1));
    LaunchWave command =
        LaunchWave.newBuilder(first)
            .setAttempt(2)
            .setRequestId(first.getExecutionId() + "/db/2")
            .build();
    // when
    send(command);
    // then it reports the failure instead of launching without having looked
    WaveLaunchFailed failed = awaitEvent(command.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo("ThrottlingException");
    assertThat(failed.getRetryable()).isTrue();
    assertThat(failed.getRetryAfterSeconds()).isEqualTo(1);
    assertThat(failed.getJobIds()).isEmpty();
    assertThat(calls("StartRecovery")).isEqualTo(startRecoveryCalls);
    assertThat(jobsTagged(command.getRequestId())).isEmpty();
  }

  @Test
  void givenAvroOfAnotherSchemaOnWaveCommands_whenConsumed_thenDeadLetteredAndNextLaunched() {
    // given a registered ExecutionRequested, and Avro framing with a schema id nobody registered
    String key = "wrong-schema-" + UUID.randomUUID();
    byte[] request =
        AvroSerde.forValues(SchemaRegistryClient.shared(registryUrl), ExecutionRequested.class)
            .serialize(Topics.EXECUTION_REQUESTS.name(), executionRequested(key));
    byte[] unknownId = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6};
    for (byte[] value : List.of(request, unknownId)) {
      producer.send(
          new ProducerRecord<>(
              Topics.WAVE_COMMANDS.name(), key.getBytes(StandardCharsets.UTF_8), value));
    }
    LaunchWave good = launchWave(servers(1));
    // when
    send(good);
    // then
    awaitEvent(good.getExecutionId(), WaveLaunched.class);
    List<ConsumerRecord<byte[], byte[]>> letters =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> deadLettersOf(key), found -> found.size() == 2);
    assertThat(letters).extracting(ConsumerRecord::value).containsExactly(request, unknownId);
    assertThat(letters)
        .allSatisfy(
            letter -> {
              assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_COMMANDS.name());
              assertThat(header(letter, "dlq.reason")).isNotBlank();
            });
    assertThat(header(letters.get(0), "dlq.reason")).contains("WaveCommand");
  }

  @Test
  void givenMoreServersThanAPlanMayHave_whenConsumed_thenRefusedWithTheReasonBeforeDrs()
      throws Exception {
    // given a wave one server over the limit of a whole plan
    List<String> servers = new ArrayList<>();
    for (int i = 0; i <= PlanLimits.MAX_SERVERS; i++) {
      servers.add(serverId());
    }
    LaunchWave oversize = launchWave(servers);
    long describeCalls = calls("DescribeJobs");
    long startCalls = calls("StartRecovery");
    // when
    send(oversize);
    // then it is answered, not launched, and DRS never heard of it
    WaveLaunchFailed failed = awaitEvent(oversize.getExecutionId(), WaveLaunchFailed.class);
    assertThat(failed.getErrorCode()).isEqualTo(CommandCheck.INVALID_LAUNCH_WAVE);
    assertThat(failed.getRetryable()).isFalse();
    assertThat(failed.getMessage())
        .contains("sourceServerIds: " + (PlanLimits.MAX_SERVERS + 1) + " servers")
        .contains("at most " + PlanLimits.MAX_SERVERS);
    assertThat(failed.getJobIds()).isEmpty();
    assertThat(calls("DescribeJobs")).isEqualTo(describeCalls);
    assertThat(calls("StartRecovery")).isEqualTo(startCalls);
    // and the next wave is launched
    LaunchWave next = launchWave(servers(1));
    send(next);
    awaitEvent(next.getExecutionId(), WaveLaunched.class);
  }

  @Test
  void givenMalformedDuplicateOrNoServers_whenConsumed_thenEachRefusedNamingTheProblem()
      throws Exception {
    // given
    List<String> good = servers(1);
    LaunchWave malformed = launchWave(List.of(good.get(0), "s-short", "s-12345678901234567;x"));
    LaunchWave twice = launchWave(List.of(good.get(0), good.get(0)));
    LaunchWave empty = launchWave(List.of());
    long startCalls = calls("StartRecovery");
    // when
    List.of(malformed, twice, empty).forEach(LauncherServiceTest::send);
    // then
    assertThat(awaitEvent(malformed.getExecutionId(), WaveLaunchFailed.class).getMessage())
        .contains("2 problems")
        .contains("sourceServerIds[1]: not a source server id")
        .contains("sourceServerIds[2]: not a source server id");
    assertThat(awaitEvent(twice.getExecutionId(), WaveLaunchFailed.class).getMessage())
        .contains("sourceServerIds[1]: " + good.get(0) + " is listed twice");
    assertThat(awaitEvent(empty.getExecutionId(), WaveLaunchFailed.class).getMessage())
        .contains("sourceServerIds: a wave needs at least one server");
    for (LaunchWave refused : List.of(malformed, twice, empty)) {
      WaveLaunchFailed failed = awaitEvent(refused.getExecutionId(), WaveLaunchFailed.class);
      assertThat(failed.getErrorCode()).isEqualTo(CommandCheck.INVALID_LAUNCH_WAVE);
      assertThat(failed.getRetryable()).isFalse();
    }
    assertThat(calls("StartRecovery")).isEqualTo(startCalls);
  }

  @Test
  void givenOverlongIds_whenConsumed_thenDeadLetteredWithTheReasonAndNextLaunched()
      throws Exception {
    // given a command no event can answer: its execution and wave ids are over the limit
    String executionId = "x".repeat(PlanLimits.MAX_ID_LENGTH + 1);
    LaunchWave overlong = launchWave(servers(1));
    overlong.setExecutionId(executionId);
    overlong.setWaveId("w".repeat(10_000));
    overlong.setRequestId(executionId + "/w/1");
    long startCalls = calls("StartRecovery");
    LaunchWave next = launchWave(servers(1));
    // when
    send(overlong);
    send(next);
    // then
    awaitEvent(next.getExecutionId(), WaveLaunched.class);
    ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(executionId);
    assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_COMMANDS.name());
    assertThat(header(letter, "dlq.reason"))
        .contains("executionId: at most " + PlanLimits.MAX_ID_LENGTH + " characters, got 65")
        .contains("waveId: at most " + PlanLimits.MAX_ID_LENGTH + " characters, got 10000")
        .hasSizeLessThan(1000);
    assertThat(eventsOf(executionId, Object.class)).isEmpty();
    assertThat(calls("StartRecovery") - startCalls).as("only the next wave's").isEqualTo(1);
  }

  @Test
  void givenWaveEventsRefusingTheWaveLaunched_whenLaunched_thenDeadLetteredNamingItsJobs()
      throws Exception {
    // given wave-events takes records of at most 2 KB, and a wave whose WaveLaunched lists
    // 150 servers (about 3 KB)
    LaunchWave large = launchWave(servers(150));
    LaunchWave small = launchWave(servers(1));
    try (TopicConfig limit =
        TopicConfig.set(
            kafka.bootstrapServers(), Topics.WAVE_EVENTS.name(), "max.message.bytes", "2048")) {
      // when
      send(large);
      send(small);
      // then the next wave is launched
      awaitEvent(small.getExecutionId(), WaveLaunched.class);
      // and the large one's command is dead-lettered with the jobs it started, once
      ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(large.getExecutionId());
      List<String> jobs = jobsTagged(large.getRequestId());
      assertThat(jobs).hasSize(2);
      assertThat(header(letter, "dlq.reason"))
          .contains("RecordTooLargeException")
          .contains("WaveLaunched of jobs")
          .contains(jobs.get(0))
          .contains(jobs.get(1));
      assertThat(letter.value())
          .isEqualTo(
              commands.serialize(
                  Topics.WAVE_COMMANDS.name(), WaveCommand.newBuilder().setCommand(large).build()));
      assertThat(eventsOf(large.getExecutionId(), Object.class)).isEmpty();
      assertThat(deadLettersOf(large.getExecutionId())).hasSize(1);
    }
  }

  @Test
  void givenDeadLettersRefusingAGarbageRecordsSize_whenConsumed_thenABareLetterSaysWhereItIs()
      throws Exception {
    // given garbage of 8 KB on wave-commands, and dead letters of at most 4 KB
    byte[] garbage = new byte[8192];
    RANDOM.nextBytes(garbage);
    LaunchWave next = launchWave(servers(1));
    try (TopicConfig limit =
        TopicConfig.set(
            kafka.bootstrapServers(), Topics.DEAD_LETTERS, "max.message.bytes", "4096")) {
      RecordMetadata sent =
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.WAVE_COMMANDS.name(),
                      next.getExecutionId().getBytes(StandardCharsets.UTF_8),
                      garbage))
              .get();
      // when
      send(next);
      // then
      awaitEvent(next.getExecutionId(), WaveLaunched.class);
      ConsumerRecord<byte[], byte[]> letter =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      allDeadLetters().stream()
                          .filter(r -> header(r, "dlq.topic").equals(Topics.WAVE_COMMANDS.name()))
                          .filter(r -> header(r, "dlq.partition").equals("" + sent.partition()))
                          .filter(r -> header(r, "dlq.offset").equals("" + sent.offset()))
                          .findFirst()
                          .orElse(null),
                  r -> r != null);
      assertThat(letter.value()).isNull();
      assertThat(letter.key()).isNull();
      assertThat(header(letter, "dlq.reason"))
          .contains("refused the record itself too")
          .contains("RecordTooLargeException");
    }
  }

  @Test
  void givenTheRegistryNotTakingTheEventSchema_whenConsumed_thenNothingLaunchedUntilItDoes()
      throws Exception {
    // given the launcher behind a registry that answers 503 to registering WaveEvent
    launcher.close();
    try (RegistryProxy registry = RegistryProxy.of(registryUrl)) {
      registry.refuseRegistering(Topics.WAVE_EVENTS.name() + "-value");
      launcher = startedLauncher(registry.url());
      LaunchWave command = launchWave(servers(1));
      // when
      send(command);
      // then: read again after a pause, never launched and never dead-lettered meanwhile
      await().atMost(Duration.ofSeconds(30)).until(() -> registry.registrationRefusals() >= 3);
      assertThat(jobsTagged(command.getRequestId())).isEmpty();
      assertThat(events.eventsOf(command.getExecutionId())).isEmpty();
      assertThat(deadLettersOf(command.getExecutionId())).isEmpty();
      // and once it answers, launched once
      registry.refuseRegistering(null);
      WaveLaunched launched = awaitEvent(command.getExecutionId(), WaveLaunched.class);
      assertThat(jobsTagged(command.getRequestId()))
          .containsExactlyElementsOf(launched.getJobIds());
      assertThat(deadLettersOf(command.getExecutionId())).isEmpty();
    } finally {
      launcher.close();
      launcher = startedLauncher();
    }
  }

  @Test
  void givenOnePartitionsCommandUnreadableForAWhile_whenOthersArrive_thenTheyLaunchMeanwhile()
      throws Exception {
    // given: a command on partition 0 written with a schema the registry refuses to hand out
    // (503) for now, so that partition is held back after each try, longer each time
    launcher.close();
    int unavailableId =
        SchemaRegistryClient.shared(registryUrl)
            .register(
                "launcher-test-later-version-value",
                LaterVersions.withOneMoreField(WaveCommand.getClassSchema()));
    try (RegistryProxy registry = RegistryProxy.of(registryUrl)) {
      registry.refuseSchemaId(unavailableId);
      launcher = startedLauncher(registry.url());
      LaunchWave held = launchWave(servers(1));
      sendTo(0, held, unavailableId);
      await().atMost(Duration.ofSeconds(30)).until(() -> registry.lookupRefusals() >= 3);
      int refusalsBefore = registry.lookupRefusals();

      // when: commands arrive on the other partitions while it is held (4 s after a third try)
      LaunchWave first = launchWave(servers(1));
      LaunchWave second = launchWave(servers(1));
      sendTo(1, first, -1);
      sendTo(2, second, -1);

      // then: they launch without waiting for the held partition's next try
      awaitEvent(first.getExecutionId(), WaveLaunched.class);
      awaitEvent(second.getExecutionId(), WaveLaunched.class);
      assertThat(registry.lookupRefusals())
          .as("tries of the held command before the others launched")
          .isEqualTo(refusalsBefore);
      assertThat(events.eventsOf(held.getExecutionId())).isEmpty();
      assertThat(deadLettersOf(held.getExecutionId())).isEmpty();

      // and once the registry answers, the held command launches, once
      registry.refuseSchemaId(-1);
      WaveLaunched launched =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () ->
                      events.eventsOf(held.getExecutionId()).stream()
                          .filter(WaveLaunched.class::isInstance)
                          .map(WaveLaunched.class::cast)
                          .findFirst()
                          .orElse(null),
                  e -> e != null);
      assertThat(jobsTagged(held.getRequestId())).containsExactlyElementsOf(launched.getJobIds());
    } finally {
      launcher.close();
      launcher = startedLauncher();
    }
  }

  // ---- helpers ----

  private static ExecutionRequested executionRequested(String executionId) {
    return ExecutionRequested.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(Instant.now())
        .setPlanId("plan")
        .setPlanVersion(1)
        .setPlanName("plan")
        .setMode(ExecutionMode.DRILL)
        .setWaves(
            List.of(
                ExecutionWave.newBuilder()
                    .setWaveId("db")
                    .setName("db")
                    .setRegion(REGION)
                    .setSourceServerIds(List.of(serverId()))
                    .build()))
        .build();
  }

  private static long calls(String operation) throws Exception {
    return stats().path("calls").path(operation).asLong();
  }

  /** Items the simulator answered to calls of a listing operation: what they really read. */
  private static long items(String operation) throws Exception {
    return stats().path("items").path(operation).asLong();
  }

  private static JsonNode stats() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(simulator.endpoint().resolve("/_sim/stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(answer.body());
  }

  private static long jobsInRegion() {
    long[] count = {0};
    drs.describeJobsPaginator(r -> r.maxResults(1000)).items().forEach(j -> count[0]++);
    return count[0];
  }

  private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(String key) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deadLettersOf(key).stream().findFirst().orElse(null), r -> r != null);
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLettersOf(String key) {
    return allDeadLetters().stream()
        .filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  private static List<ConsumerRecord<byte[], byte[]>> allDeadLetters() {
    return letters.records();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
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

  private static LauncherService startedLauncher() {
    return startedLauncher(registryUrl);
  }

  private static LauncherService startedLauncher(String registry) {
    return startedLauncher(registry, Duration.ofMinutes(2));
  }

  private static LauncherService startedLauncher(String registry, Duration clockSkew) {
    LauncherConfig config =
        new LauncherConfig(
            KafkaClientSettings.of(kafka.bootstrapServers()),
            registry,
            "drs-launcher",
            TRANSACTIONAL_ID,
            100,
            4);
    LauncherService started =
        new LauncherService(
                config,
                new WaveLauncher(clients, 100, clockSkew),
                new InstanceTerminator(
                    clients,
                    new TerminationSettings(
                        200, 3, Duration.ofMillis(100), Duration.ofSeconds(1), clockSkew)),
                Clock.systemUTC())
            .start();
    await().atMost(Duration.ofSeconds(30)).until(started::isReady);
    return started;
  }

  private static <T> List<T> eventsOf(String executionId, Class<T> type) {
    return events.eventsOf(executionId).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static Job job(String jobId) {
    return drs.describeJobs(r -> r.filters(f -> f.jobIDs(jobId))).items().get(0);
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

  /**
   * Writes a command to one partition; with a schema id, as a later version of WaveCommand with one
   * more field would write it (the id in the header, the field's null after the others).
   */
  private static void sendTo(int partition, LaunchWave command, int schemaId) {
    byte[] value =
        commands.serialize(
            Topics.WAVE_COMMANDS.name(), WaveCommand.newBuilder().setCommand(command).build());
    if (schemaId >= 0) {
      value = LaterVersions.asWrittenBy(schemaId, value);
    }
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_COMMANDS.name(),
            partition,
            command.getExecutionId().getBytes(StandardCharsets.UTF_8),
            value));
    producer.flush();
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

  /** A job started directly at DRS with these tags, as an earlier launch would have left it. */
  private static String startTaggedJob(List<String> servers, Map<String, String> tags) {
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
                .tags(tags)
                .build())
        .job()
        .jobID();
  }

  private static LaunchWave launchWave(List<String> servers) {
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
}
