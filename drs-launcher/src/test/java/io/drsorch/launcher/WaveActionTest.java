package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveCommand;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.launcher.action.ActionSettings;
import io.drsorch.launcher.action.ActionStarter;
import io.drsorch.launcher.admission.ActionCheck;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.launcher.terminate.InstanceTerminator;
import io.drsorch.launcher.terminate.TerminationSettings;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wave actions: the launcher on a real broker and registry starting SSM automations in the
 * simulator through the AWS SDK (by way of {@link SsmProxy}, which can answer a start late or
 * throttle it), and HTTP checks, which it only announces.
 */
class WaveActionTest {

  private static final String REGION = "us-east-1";
  private static final String TRANSACTIONAL_ID = "drs-launcher-action-test";
  private static final String START = "StartAutomationExecution";
  private static final String DOCUMENT = "Test-RestartApplication";

  /** Tries in all of a start that may pass, in this test's launcher. */
  private static final int ATTEMPTS = 3;

  private static EmbeddedKafka kafka;
  private static String registryUrl;
  private static DrsSimulator simulator;
  private static SsmProxy proxy;
  private static DrsClients clients;
  private static SsmClients ssm;
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
    simulator.defineAutomationDocument(
        DOCUMENT, AutomationOutcome.Success, Duration.ofMinutes(10), null);
    proxy = SsmProxy.to(simulator.endpoint());
    clients = new DrsClients(simulator.endpoint(), simulator.stsEndpoint(), "test");
    ssm = new SsmClients(proxy.endpoint(), simulator.stsEndpoint(), "test");
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
        new AutoCloseable[] {
          letters, events, producer, launcher, ssm, clients, proxy, simulator, kafka
        }) {
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
    proxy.clear();
  }

  @Test
  void givenAnAfterAutomation_whenConsumed_thenStartedWithFilledParametersAndTheDerivedToken() {
    // given an after action whose parameters name the wave's instances and the execution
    List<String> instances = List.of("i-0123456789abcdef0", "i-0123456789abcdef1");
    RunWaveAction command =
        automation(
            DOCUMENT,
            Map.of(
                "InstanceIds", List.of("{{recoveryInstanceIds}}"),
                "Comment", List.of("drill {{ executionId }} of {{recoveryInstanceIds}}"),
                "Mode", List.of("rolling")),
            instances);
    long starts = calls(START);

    // when
    send(command);

    // then one automation, its parameters filled in, its token derived from the request
    WaveActionStarted started = awaitEvent(command.getExecutionId(), WaveActionStarted.class);
    String token =
        UUID.nameUUIDFromBytes(
                ("StartAutomationExecution|" + command.getRequestId())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    Map<String, List<String>> filled =
        Map.of(
            "InstanceIds", instances,
            "Comment",
                List.of(
                    "drill "
                        + command.getExecutionId()
                        + " of i-0123456789abcdef0,i-0123456789abcdef1"),
            "Mode", List.of("rolling"));
    AutomationExecution execution = executionWithToken(token);
    assertThat(execution.document().name()).isEqualTo(DOCUMENT);
    assertThat(execution.parameters()).isEqualTo(filled);
    assertThat(execution.region()).isEqualTo(REGION);
    assertThat(calls(START) - starts).isEqualTo(1);
    // and WaveActionStarted carries what following it needs
    assertThat(started.getAutomationExecutionId()).isEqualTo(execution.id());
    assertThat(started.getClientToken()).isEqualTo(token);
    assertThat(started.getParameters()).isEqualTo(filled);
    assertThat(started.getRequestId()).isEqualTo(command.getRequestId());
    assertThat(started.getCausationId()).isEqualTo(command.getId());
    assertThat(started.getWaveId()).isEqualTo(command.getWaveId());
    assertThat(started.getPhase()).isEqualTo(ActionPhase.AFTER);
    assertThat(started.getIndex()).isEqualTo(command.getIndex());
    assertThat(started.getAction()).isEqualTo(command.getAction());
    assertThat(started.getRegion()).isEqualTo(REGION);
    assertThat(started.getDeadline()).isEqualTo(command.getDeadline());
  }

  @Test
  void givenTheLauncherStoppedBeforeCommittingAStart_whenANewOneReadsIt_thenOneAutomationOnly()
      throws Exception {
    // given a start that reaches SSM at once but whose answer comes late, so that the launcher is
    // stopped before it can commit anything
    proxy.answerNextStartsLate(1, Duration.ofSeconds(3));
    RunWaveAction command = automation(DOCUMENT, Map.of(), List.of());
    long starts = calls(START);
    send(command);
    String token =
        UUID.nameUUIDFromBytes(
                ("StartAutomationExecution|" + command.getRequestId())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    String first =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> executionsWithToken(token), list -> !list.isEmpty())
            .get(0)
            .id();

    // when the launcher stops before committing, and a new one takes its partitions
    launcher.close();
    assertThat(events.eventsOf(command.getExecutionId())).isEmpty();
    launcher = startedLauncher();

    // then the command's second start got the first automation back: one automation in all
    WaveActionStarted started = awaitEvent(command.getExecutionId(), WaveActionStarted.class);
    assertThat(started.getAutomationExecutionId()).isEqualTo(first);
    assertThat(calls(START) - starts).isEqualTo(2);
    assertThat(executionsWithToken(token))
        .extracting(AutomationExecution::id)
        .containsExactly(first);
    assertThat(events.eventsOf(command.getExecutionId())).hasSize(1);
  }

  @Test
  void givenAnUnknownDocument_whenConsumed_thenWaveActionEndedFailedWithSsmsWords() {
    // given
    RunWaveAction command = automation("No-Such-Runbook", Map.of(), List.of());
    long starts = calls(START);

    // when
    send(command);

    // then refused for good, at once: asking again changes nothing
    WaveActionEnded ended = awaitEvent(command.getExecutionId(), WaveActionEnded.class);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(ended.getReason()).startsWith("AutomationDefinitionNotFoundException: ");
    assertThat(ended.getReason()).contains("No-Such-Runbook");
    assertThat(ended.getRequestId()).isEqualTo(command.getRequestId());
    assertThat(ended.getCausationId()).isEqualTo(command.getId());
    assertThat(ended.getWaveId()).isEqualTo(command.getWaveId());
    assertThat(ended.getPhase()).isEqualTo(command.getPhase());
    assertThat(ended.getIndex()).isEqualTo(command.getIndex());
    assertThat(ended.getAutomationExecutionId()).isNull();
    assertThat(calls(START) - starts).isEqualTo(1);
    assertThat(events.eventsOf(command.getExecutionId())).hasSize(1);
  }

  @Test
  void givenAnHttpCheck_whenConsumed_thenStartedAtOnceWithoutCallingSsm() {
    // given
    RunWaveAction command = httpCheck("http://app.example.internal:8080/health");
    long starts = calls(START);

    // when
    send(command);

    // then announced for the watcher to ask the URL; nothing asked of SSM
    WaveActionStarted started = awaitEvent(command.getExecutionId(), WaveActionStarted.class);
    assertThat(started.getAutomationExecutionId()).isNull();
    assertThat(started.getClientToken()).isNull();
    assertThat(started.getParameters()).isEmpty();
    assertThat(started.getAction().getType()).isEqualTo(ActionType.HTTP_CHECK);
    assertThat(started.getAction().getUrl()).isEqualTo("http://app.example.internal:8080/health");
    assertThat(started.getDeadline()).isEqualTo(command.getDeadline());
    assertThat(calls(START)).isEqualTo(starts);
  }

  @Test
  void givenThrottlingTwice_whenStarted_thenTriedAgainAndOneAutomation() {
    // given
    proxy.throttleNextStarts(2);
    RunWaveAction command = automation(DOCUMENT, Map.of(), List.of());
    long sent = System.nanoTime();

    // when
    send(command);

    // then the third try started it, after two waits
    WaveActionStarted started = awaitEvent(command.getExecutionId(), WaveActionStarted.class);
    assertThat(Duration.ofNanos(System.nanoTime() - sent))
        .isGreaterThanOrEqualTo(Duration.ofMillis(600));
    assertThat(executionsWithToken(started.getClientToken()))
        .extracting(AutomationExecution::id)
        .containsExactly(started.getAutomationExecutionId());
  }

  @Test
  void givenThrottlingPastTheRetryLimit_whenStarted_thenFailedWithSsmsWords() {
    // given
    proxy.throttleNextStarts(ATTEMPTS);
    RunWaveAction command = automation(DOCUMENT, Map.of(), List.of());

    // when
    send(command);

    // then
    WaveActionEnded ended = awaitEvent(command.getExecutionId(), WaveActionEnded.class);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(ended.getReason()).isEqualTo("ThrottlingException: Rate exceeded");
  }

  @Test
  void givenADeadlineAlreadyPassed_whenConsumed_thenFailedWithoutCallingSsm() {
    // given a command read after its deadline (a launcher long down, say)
    RunWaveAction command = automation(DOCUMENT, Map.of(), List.of());
    command.setDeadline(Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS));
    long starts = calls(START);

    // when
    send(command);

    // then
    WaveActionEnded ended = awaitEvent(command.getExecutionId(), WaveActionEnded.class);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(ended.getReason())
        .startsWith(ActionStarter.DEADLINE_PASSED + ": not started: its deadline ");
    assertThat(calls(START)).isEqualTo(starts);
  }

  @Test
  void givenAMalformedDocumentAndRegion_whenConsumed_thenRefusedBeforeSsmNamingTheProblems() {
    // given
    RunWaveAction command = automation("no spaces allowed", Map.of(), List.of("not-an-instance"));
    command.setRegion("moon-1");
    long starts = calls(START);

    // when
    send(command);

    // then
    WaveActionEnded ended = awaitEvent(command.getExecutionId(), WaveActionEnded.class);
    assertThat(ended.getOutcome()).isEqualTo(ActionStatus.FAILED);
    assertThat(ended.getReason())
        .startsWith(ActionCheck.INVALID_RUN_WAVE_ACTION + ": not started: 3 problems: ")
        .contains("region: not an AWS region: 'moon-1'")
        .contains("recoveryInstanceIds[0]: not a recovery instance id")
        .contains("action.documentName: not an SSM document name");
    assertThat(calls(START)).isEqualTo(starts);
  }

  @Test
  void givenARequestIdOfAnotherExecution_whenConsumed_thenDeadLetteredWithTheReason() {
    // given a command no event could answer
    RunWaveAction command = automation(DOCUMENT, Map.of(), List.of());
    command.setRequestId("another-execution/db/1/BEFORE/0");

    // when
    send(command);

    // then
    ConsumerRecord<byte[], byte[]> letter =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> deadLetterOf(command.getExecutionId()), r -> r != null);
    assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_COMMANDS.name());
    assertThat(header(letter, "dlq.reason"))
        .contains("RunWaveAction cannot be answered")
        .contains("requestId: must start with the executionId and '/'");
    assertThat(events.eventsOf(command.getExecutionId())).isEmpty();
  }

  // ---- helpers ----

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
    LauncherService started =
        new LauncherService(
                config,
                new WaveLauncher(clients, 100, clockSkew),
                new InstanceTerminator(
                    clients,
                    new TerminationSettings(
                        TerminationSettings.DRS_MAX_INSTANCES_PER_CALL,
                        3,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(2),
                        clockSkew)),
                new ActionStarter(
                    ssm,
                    new ActionSettings(ATTEMPTS, Duration.ofMillis(300), Duration.ofSeconds(2)),
                    Clock.systemUTC()),
                Clock.systemUTC())
            .start();
    await().atMost(Duration.ofSeconds(30)).until(started::isReady);
    return started;
  }

  /** The scheduler's command for after action 0 of wave "app", attempt 1, in its own account. */
  private static RunWaveAction automation(
      String document, Map<String, List<String>> parameters, List<String> instances) {
    return command(
        WaveAction.newBuilder()
            .setName("restart-app")
            .setType(ActionType.SSM_AUTOMATION)
            .setTimeoutMinutes(15)
            .setDocumentName(document)
            .setParameters(parameters)
            .build(),
        instances);
  }

  private static RunWaveAction httpCheck(String url) {
    return command(
        WaveAction.newBuilder()
            .setName("app-health")
            .setType(ActionType.HTTP_CHECK)
            .setTimeoutMinutes(5)
            .setUrl(url)
            .build(),
        List.of());
  }

  private static RunWaveAction command(WaveAction action, List<String> instances) {
    String executionId = UUID.randomUUID().toString();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return RunWaveAction.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setExecutionId(executionId)
        .setOccurredAt(now)
        .setRequestId(executionId + "/app/1/AFTER/0")
        .setWaveId("app")
        .setPhase(ActionPhase.AFTER)
        .setIndex(0)
        .setAction(action)
        .setRegion(REGION)
        .setRecoveryInstanceIds(instances)
        .setDeadline(now.plus(Duration.ofMinutes(action.getTimeoutMinutes())))
        .build();
  }

  private static void send(RunWaveAction command) {
    WaveCommand envelope = WaveCommand.newBuilder().setCommand(command).build();
    producer.send(
        new ProducerRecord<>(
            Topics.WAVE_COMMANDS.name(),
            command.getExecutionId().getBytes(StandardCharsets.UTF_8),
            commands.serialize(Topics.WAVE_COMMANDS.name(), envelope)));
    producer.flush();
  }

  private static List<AutomationExecution> executionsWithToken(String token) {
    return simulator.automationExecutions().stream()
        .filter(e -> token.equals(e.clientToken()))
        .toList();
  }

  private static AutomationExecution executionWithToken(String token) {
    List<AutomationExecution> found = executionsWithToken(token);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static long calls(String operation) {
    return simulator.callCounts().getOrDefault(operation, 0L);
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
}
