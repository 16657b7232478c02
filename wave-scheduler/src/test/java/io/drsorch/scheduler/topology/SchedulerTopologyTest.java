package io.drsorch.scheduler.topology;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.cancel;
import static io.drsorch.scheduler.Inputs.command;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.event;
import static io.drsorch.scheduler.Inputs.jobStatus;
import static io.drsorch.scheduler.Inputs.launchFailed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.CleanUpExecution;
import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.ServerProblem;
import io.drsorch.avro.ServerSnapshot;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.LargestPlan;
import io.drsorch.scheduler.SchedulerConfig;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.RecordSize;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.store.StoredExecution;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTopologyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private SizeGuard guard;
  private TestInputTopic<String, ExecutionRequested> requests;
  private TestInputTopic<String, WaveEvent> waveEvents;
  private TestInputTopic<String, ExecutionCommand> commands;
  private TestInputTopic<String, byte[]> rawWaveEvents;
  private TestOutputTopic<String, WaveCommand> waveCommands;
  private TestOutputTopic<String, ExecutionUpdated> executions;
  private TestOutputTopic<String, ExecutionTransition> history;
  private TestOutputTopic<String, byte[]> deadLetters;
  private Instant clock = T0;

  @BeforeEach
  void startDriver() {
    startDriver(SizeGuard.DEFAULT_MAX_RECORD_BYTES);
  }

  /** The whole topology, whose records may have at most {@code maxRecordBytes} bytes. */
  private void startDriver(int maxRecordBytes) {
    SchemaRegistryClient registry =
        SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());
    SchedulerConfig config =
        SchedulerConfig.defaults("unused:9092", registry.baseUrl(), stateDir.toString());
    guard = new SizeGuard(maxRecordBytes);
    Quarantine quarantine = new Quarantine();
    Properties props = config.streamsProperties(guard, quarantine);
    if (driver != null) {
      driver.close();
    }
    driver =
        new TopologyTestDriver(
            SchedulerTopology.build(
                registry, POLICY, Duration.ofMillis(250), JobQuota.DEFAULT, guard, quarantine),
            props,
            T0);
    requests = input(Topic.bind(Topics.EXECUTION_REQUESTS, registry));
    waveEvents = input(Topic.bind(Topics.WAVE_EVENTS, registry));
    commands = input(Topic.bind(Topics.EXECUTION_COMMANDS, registry));
    rawWaveEvents =
        driver.createInputTopic(
            Topics.WAVE_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
    waveCommands = output(Topic.bind(Topics.WAVE_COMMANDS, registry));
    executions = output(Topic.bind(Topics.EXECUTIONS, registry));
    history = output(Topic.bind(Topics.EXECUTION_HISTORY, registry));
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTERS, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private <V extends org.apache.avro.specific.SpecificRecord> TestInputTopic<String, V> input(
      Topic<V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.key().serializer(), topic.value().serializer());
  }

  private <V extends org.apache.avro.specific.SpecificRecord> TestOutputTopic<String, V> output(
      Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.key().deserializer(), topic.value().deserializer());
  }

  private Instant tick() {
    clock = clock.plusSeconds(1);
    return clock;
  }

  private void start(ExecutionRequested request) {
    requests.pipeInput(request.getPlanId(), request, tick());
  }

  private void send(Object event) {
    String executionId =
        ((org.apache.avro.specific.SpecificRecord) event)
            .get(
                ((org.apache.avro.specific.SpecificRecord) event)
                    .getSchema()
                    .getField("executionId")
                    .pos())
            .toString();
    waveEvents.pipeInput(executionId, event(event), tick());
  }

  private List<LaunchWave> launches() {
    return waveCommands.readValuesToList().stream().map(c -> (LaunchWave) c.getCommand()).toList();
  }

  private static WaveView waveOf(ExecutionUpdated view, String waveId) {
    return view.getWaves().stream()
        .filter(w -> w.getWaveId().equals(waveId))
        .findFirst()
        .orElseThrow();
  }

  private ExecutionUpdated lastView() {
    List<ExecutionUpdated> views = executions.readValuesToList();
    return views.get(views.size() - 1);
  }

  private void runWave(String executionId, String waveId) {
    send(launched(executionId, waveId, 1, "drsjob-" + waveId));
    send(completed(executionId, waveId, 1, "drsjob-" + waveId));
  }

  @Test
  void givenRunningExecution_whenTheSamePlanIsRequestedAgain_thenRejectedUntilTheFirstEnds() {
    // given
    ExecutionRequested first = request("exec-1", "plan-1", wave("db"));
    start(first);
    ExecutionUpdated admitted = lastView();
    assertThat(admitted.getStatus()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(admitted.getSequence()).isEqualTo(1);
    assertThat(launches()).extracting(LaunchWave::getWaveId).containsExactly("db");

    // when
    start(request("exec-2", "plan-1", wave("db")));
    start(first);

    // then
    List<TestRecord<String, ExecutionUpdated>> views = executions.readRecordsToList();
    assertThat(views).hasSize(1);
    ExecutionUpdated rejected = views.get(0).value();
    assertThat(views.get(0).key()).isEqualTo("exec-2");
    assertThat(rejected.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.getReason())
        .isEqualTo("plan plan-1 already has a running execution exec-1");
    assertThat(rejected.getWaves())
        .extracting(WaveView::getStatus)
        .containsOnly(WaveStatus.PENDING);
    assertThat(history.readValuesToList())
        .filteredOn(t -> t.getExecutionId().equals("exec-2"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getToStatus()).isEqualTo("REJECTED");
              assertThat(t.getCausationType()).isEqualTo("ExecutionRequested");
            });
    assertThat(launches()).isEmpty();

    // and when the first one ends, the plan is free again
    runWave("exec-1", "db");
    assertThat(lastView().getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    start(request("exec-3", "plan-1", wave("db")));
    ExecutionUpdated third = lastView();
    assertThat(third.getExecutionId()).isEqualTo("exec-3");
    assertThat(third.getStatus()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(launches()).extracting(LaunchWave::getExecutionId).containsExactly("exec-3");
  }

  @Test
  void givenPreflightProblemsEnforced_whenRequested_thenRejectedNamingThemAndThePlanStaysFree() {
    // given a request whose readiness check found a stalled server
    ExecutionRequested request = request("exec-1", "plan-1", wave("db"));
    request.setPreflight(verdict(PreflightMode.ENFORCE));

    // when
    start(request);

    // then nothing launches, and the view names the server and its problem
    ExecutionUpdated rejected = lastView();
    assertThat(rejected.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.getReason())
        .isEqualTo(
            "pre-flight: 1 of 2 servers not ready: s-00000000000000001 (wave db): replication is"
                + " STALLED (a DRILL needs CONTINUOUS)");
    assertThat(rejected.getPreflight().getProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.getSourceServerId()).isEqualTo("s-00000000000000001"));
    assertThat(launches()).isEmpty();
    assertThat(history.readValuesToList())
        .extracting(ExecutionTransition::getToStatus)
        .containsExactly("REJECTED");

    // and the plan was never held: the next request of it runs
    start(request("exec-2", "plan-1", wave("db")));
    assertThat(lastView().getStatus()).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void givenPreflightProblemsWithWarn_whenRequested_thenItRunsShowingThemAndLaunchesAtThePoint() {
    // given
    Instant point = T0.minus(Duration.ofHours(3));
    ExecutionRequested request = request("exec-1", "plan-1", wave("db"));
    request.setPreflight(verdict(PreflightMode.WARN));
    request.setPointInTime(point);
    request.setRtoTargetMinutes(30);

    // when
    start(request);
    WaveLaunched launched = launched("exec-1", "db", 1, "drsjob-db");
    launched.setSnapshots(
        List.of(
            ServerSnapshot.newBuilder()
                .setSourceServerId(launched.getSourceServerIds().get(0))
                .setSnapshotId("pit-00000000000000001")
                .setTakenAt(point.minusSeconds(30))
                .build()));
    send(launched);
    send(completed("exec-1", "db", 1, "drsjob-db"));

    // then: the snapshot went through the store and back (each record reads the stored state)
    ExecutionUpdated view = lastView();
    assertThat(view.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(view.getPreflight().getMode()).isEqualTo(PreflightMode.WARN);
    assertThat(view.getPointInTime()).isEqualTo(point);
    assertThat(view.getRto().getTargetMinutes()).isEqualTo(30);
    assertThat(view.getRto().getMet()).isTrue();
    ServerLaunch server = view.getWaves().get(0).getServers().get(0);
    assertThat(server.getSnapshotId()).isEqualTo("pit-00000000000000001");
    assertThat(server.getSnapshotTakenAt()).isEqualTo(point.minusSeconds(30));
    assertThat(server.getRecoveryInstanceId()).isNotNull();
  }

  @Test
  void givenAnEndedDrill_whenCleanedUp_thenItsInstancesGoToTheLauncherAndTheViewFollowsToTheEnd() {
    // given a drill of one wave, COMPLETED
    start(request("exec-1", "plan-1", wave("db")));
    launches();
    runWave("exec-1", "db");
    assertThat(lastView().getStatus()).isEqualTo(ExecutionStatus.COMPLETED);

    // when an operator asks for its cleanup
    commands.pipeInput(
        "exec-1",
        command(
            CleanUpExecution.newBuilder()
                .setId("cleanup-1")
                .setExecutionId("exec-1")
                .setOccurredAt(T0)
                .setRequestedBy("carol")
                .build()),
        tick());

    // then exactly its instance is to be terminated, by the launcher, read on drs.wave-commands
    List<WaveCommand> sent = waveCommands.readValuesToList();
    assertThat(sent)
        .singleElement()
        .satisfies(c -> assertThat(c.getCommand()).isInstanceOf(TerminateRecoveryInstances.class));
    TerminateRecoveryInstances terminate = (TerminateRecoveryInstances) sent.get(0).getCommand();
    assertThat(terminate.getRecoveryInstanceIds()).containsExactly("i-0db");
    assertThat(lastView().getCleanup().getStatus()).isEqualTo("RUNNING");

    // and the launcher's and the watcher's news (each read with the stored state) end it
    send(
        TerminationStarted.newBuilder()
            .setId("t-started")
            .setExecutionId("exec-1")
            .setOccurredAt(T0)
            .setRequestId(terminate.getRequestId())
            .setRegion("us-east-1")
            .setJobIds(List.of("drsjob-t1"))
            .setRecoveryInstanceIds(List.of("i-0db"))
            .build());
    send(
        TerminationEnded.newBuilder()
            .setId("t-ended")
            .setExecutionId("exec-1")
            .setOccurredAt(T0)
            .setRequestId(terminate.getRequestId())
            .setJobIds(List.of("drsjob-t1"))
            .setTerminatedInstanceIds(List.of("i-0db"))
            .build());
    ExecutionUpdated view = lastView();
    assertThat(view.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(view.getCleanup().getStatus()).isEqualTo("COMPLETED");
    assertThat(view.getCleanup().getJobIds()).containsExactly("drsjob-t1");
    assertThat(view.getCleanup().getTerminatedInstanceIds()).containsExactly("i-0db");
    assertThat(history.readValuesToList())
        .extracting(ExecutionTransition::getToStatus)
        .endsWith("CLEANUP_RUNNING", "CLEANUP_COMPLETED");
  }

  @Test
  void givenADrillCleanupDelay_whenItPasses_thenTheTimerAsksForTheCleanup() {
    ExecutionRequested request = request("exec-1", "plan-1", wave("db"));
    request.setDrillCleanupAfterMinutes(2);
    start(request);
    launches();
    runWave("exec-1", "db");
    assertThat(lastView().getCleanup()).isNull();

    driver.advanceWallClockTime(Duration.between(T0, clock).plus(Duration.ofSeconds(90)));
    assertThat(waveCommands.isEmpty()).as("before the delay").isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(40));

    assertThat(waveCommands.readValuesToList())
        .singleElement()
        .satisfies(c -> assertThat(c.getCommand()).isInstanceOf(TerminateRecoveryInstances.class));
    assertThat(lastView().getCleanup().getRequestedBy()).isEqualTo("drillCleanupAfterMinutes");
  }

  private static PreflightVerdict verdict(PreflightMode mode) {
    return PreflightVerdict.newBuilder()
        .setMode(mode)
        .setCheckedAt(T0)
        .setServersChecked(2)
        .setProblems(
            List.of(
                ServerProblem.newBuilder()
                    .setSourceServerId("s-00000000000000001")
                    .setWaveId("db")
                    .setProblems(List.of("replication is STALLED (a DRILL needs CONTINUOUS)"))
                    .build()))
        .build();
  }

  @Test
  void givenWavesInTwoAccountsAndRegions_whenLaunched_thenEachLaunchNamesItsRegionAccountAndRole() {
    // given a database wave in a second account (reached by a role) and an app wave in another
    // region of the scheduler's own account, which waits for it
    String role = "arn:aws:iam::111122223333:role/DrsOrchestrator";
    ExecutionWave db = wave("db");
    db.setAccountId("111122223333");
    db.setRoleArn(role);
    ExecutionWave app = wave("app", "db");
    app.setRegion("eu-west-1");
    start(request("exec-x", "plan-x", db, app));

    // when the first wave is launched (its state stored and read back between the two records)
    List<LaunchWave> first = launches();
    runWave("exec-x", "db");
    List<LaunchWave> second = launches();

    // then
    assertThat(first)
        .extracting(
            LaunchWave::getWaveId,
            LaunchWave::getRegion,
            LaunchWave::getAccountId,
            LaunchWave::getRoleArn)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db", "us-east-1", "111122223333", role));
    assertThat(second)
        .extracting(
            LaunchWave::getWaveId,
            LaunchWave::getRegion,
            LaunchWave::getAccountId,
            LaunchWave::getRoleArn)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("app", "eu-west-1", null, null));
  }

  @Test
  void givenLinearPlan_whenWaveEventsArrive_thenWavesLaunchInOrderAndTheViewAndHistoryTellIt() {
    // given
    ExecutionRequested req =
        request("exec-1", "plan-1", wave("db"), wave("app", "db"), wave("web", "app"));
    start(req);
    List<LaunchWave> first = launches();
    assertThat(first)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getWaveId()).isEqualTo("db");
              assertThat(l.getAttempt()).isEqualTo(1);
              assertThat(l.getRequestId()).isEqualTo("exec-1/db/1");
              assertThat(l.getDrill()).isTrue();
              assertThat(l.getSourceServerIds())
                  .containsExactly(io.drsorch.scheduler.Inputs.server("db"));
              assertThat(l.getCausationId()).isEqualTo(req.getId());
            });

    // when
    send(launched("exec-1", "db", 1, "drsjob-db"));
    send(jobStatus("exec-1", "db", 1, "drsjob-db", LaunchStatus.IN_PROGRESS));
    send(completed("exec-1", "db", 1, "drsjob-db"));
    assertThat(launches()).extracting(LaunchWave::getWaveId).containsExactly("app");
    runWave("exec-1", "app");
    assertThat(launches()).extracting(LaunchWave::getWaveId).containsExactly("web");
    runWave("exec-1", "web");

    // then
    List<ExecutionUpdated> views = executions.readValuesToList();
    assertThat(views)
        .extracting(ExecutionUpdated::getSequence)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    ExecutionUpdated last = views.get(views.size() - 1);
    assertThat(last.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(last.getEndedAt()).isNotNull();
    assertThat(last.getWaves()).extracting(WaveView::getStatus).containsOnly(WaveStatus.COMPLETED);
    WaveView db = waveOf(last, "db");
    assertThat(db.getJobIds()).containsExactly("drsjob-db");
    assertThat(db.getServers())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getLaunchStatus()).isEqualTo(LaunchStatus.LAUNCHED);
              assertThat(s.getRecoveryInstanceId()).isEqualTo("i-0db");
            });
    assertThat(waveOf(views.get(2), "db").getServers().get(0).getLaunchStatus())
        .isEqualTo(LaunchStatus.IN_PROGRESS);

    List<ExecutionTransition> transitions = history.readValuesToList();
    assertThat(transitions)
        .extracting(
            t ->
                (t.getWaveId() == null ? "execution" : t.getWaveId())
                    + ":"
                    + t.getFromStatus()
                    + "->"
                    + t.getToStatus())
        .containsExactly(
            "execution:null->RUNNING",
            "db:PENDING->LAUNCHING",
            "db:LAUNCHING->RUNNING",
            "db:RUNNING->COMPLETED",
            "app:PENDING->LAUNCHING",
            "app:LAUNCHING->RUNNING",
            "app:RUNNING->COMPLETED",
            "web:PENDING->LAUNCHING",
            "web:LAUNCHING->RUNNING",
            "web:RUNNING->COMPLETED",
            "execution:RUNNING->COMPLETED");
    assertThat(transitions.get(3).getCausationType()).isEqualTo("WaveCompleted");
    assertThat(transitions.get(3).getJobIds()).containsExactly("drsjob-db");
    assertThat(transitions)
        .allSatisfy(
            t -> {
              assertThat(t.getPlanId()).isEqualTo("plan-1");
              assertThat(t.getCausationId()).isNotNull();
            });
    KeyValueStore<String, StoredExecution> store =
        driver.getKeyValueStore(SchedulerTopology.EXECUTIONS_STORE);
    assertThat(store.get("exec-1").getStatus()).isEqualTo("COMPLETED");
  }

  @Test
  void givenThrottledLaunch_whenTheWallClockPassesTheBackoff_thenTheNextAttemptLaunches() {
    // given
    start(request("exec-1", "plan-1", wave("db")));
    LaunchWave first = launches().get(0);
    assertThat(first.getWaveStartedAt()).isEqualTo(first.getOccurredAt());
    send(launchFailed("exec-1", "db", 1, "ThrottlingException", true, 3));
    // the wall clock catches up with the record times: the retry is due 3 s after the failure
    driver.advanceWallClockTime(Duration.between(T0, clock));
    assertThat(waveOf(lastView(), "db").getReason())
        .startsWith("retrying after ThrottlingException");

    // when: just before Retry-After nothing happens, after it the retry goes out
    driver.advanceWallClockTime(Duration.ofMillis(2500));
    assertThat(waveCommands.isEmpty()).isTrue();
    driver.advanceWallClockTime(Duration.ofMillis(750));

    // then
    List<LaunchWave> retried = launches();
    assertThat(retried)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getAttempt()).isEqualTo(2);
              assertThat(l.getRequestId()).isEqualTo("exec-1/db/2");
              // the launcher's search for earlier attempts' jobs starts from the first attempt
              assertThat(l.getWaveStartedAt()).isEqualTo(first.getOccurredAt());
              assertThat(l.getOccurredAt()).isAfter(first.getOccurredAt());
            });
    assertThat(waveOf(lastView(), "db").getAttempt()).isEqualTo(2);
  }

  @Test
  void givenRunningExecution_whenCancelled_thenTheViewEndsCancelledOnceTheRunningWaveEnds() {
    // given
    start(request("exec-1", "plan-1", wave("db"), wave("app", "db")));
    send(launched("exec-1", "db", 1, "drsjob-db"));

    // when
    commands.pipeInput("exec-1", command(cancel("exec-1")), tick());
    assertThat(waveOf(lastView(), "app").getStatus()).isEqualTo(WaveStatus.CANCELLED);
    send(completed("exec-1", "db", 1, "drsjob-db"));

    // then
    ExecutionUpdated last = lastView();
    assertThat(last.getStatus()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(launches()).extracting(LaunchWave::getWaveId).containsExactly("db");
  }

  @Test
  void givenInvalidRequest_whenProduced_thenRejectedWithTheReason() {
    // when
    start(request("exec-1", "plan-1", wave("db", "app"), wave("app", "db")));

    // then
    ExecutionUpdated rejected = lastView();
    assertThat(rejected.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.getReason()).contains("cycle: db -> app -> db");
    assertThat(launches()).isEmpty();
    start(request("exec-2", "plan-1", wave("db")));
    assertThat(lastView().getStatus()).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void givenGarbage_whenItArrivesOnWaveEvents_thenItIsDeadLetteredAndTheNextRecordIsProcessed() {
    // given
    start(request("exec-1", "plan-1", wave("db")));
    executions.readValuesToList();
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

    // when
    rawWaveEvents.pipeInput("exec-1", garbage, tick());
    send(launched("exec-1", "db", 1, "drsjob-db"));

    // then
    TestRecord<String, byte[]> letter = deadLetters.readRecord();
    assertThat(letter.key()).isEqualTo("exec-1");
    assertThat(letter.value()).isEqualTo(garbage);
    assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_EVENTS.name());
    assertThat(header(letter, "dlq.service")).isEqualTo("wave-scheduler");
    assertThat(header(letter, "dlq.reason")).contains("magic byte");
    assertThat(waveOf(lastView(), "db").getStatus()).isEqualTo(WaveStatus.RUNNING);
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void givenARequestOfSeventeenThousandWaves_whenProduced_thenRejectedCheaplyAndTheNextOneRuns() {
    // given: the probe's request, 17,000 chained waves
    List<ExecutionWave> waves = new ArrayList<>();
    for (int i = 0; i < 17_000; i++) {
      waves.add(i == 0 ? wave("w0") : wave("w" + i, "w" + (i - 1)));
    }
    ExecutionRequested huge = request("exec-huge", "plan-1", waves.toArray(ExecutionWave[]::new));

    // when
    long began = System.nanoTime();
    start(huge);
    Duration took = Duration.ofNanos(System.nanoTime() - began);

    // then
    System.out.printf(
        "[limits] a request of %,d bytes and 17,000 waves rejected in %d ms%n",
        RecordSize.of(huge), took.toMillis());
    TestRecord<String, ExecutionUpdated> rejected = executions.readRecord();
    assertThat(rejected.key()).isEqualTo("exec-huge");
    assertThat(rejected.value().getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.value().getReason())
        .isEqualTo(
            "invalid request: waves: a plan may have at most 200 waves, got 17000: split it into"
                + " several plans");
    assertThat(rejected.value().getWaves()).isEmpty();
    assertThat(RecordSize.of(rejected.value())).isLessThan(1000);
    assertThat(history.readValuesToList())
        .singleElement()
        .satisfies(t -> assertThat(t.getToStatus()).isEqualTo("REJECTED"));
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(launches()).isEmpty();

    // and the same plan runs a normal request right after
    start(request("exec-2", "plan-1", wave("db")));
    assertThat(lastView().getStatus()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(launches()).extracting(LaunchWave::getExecutionId).containsExactly("exec-2");
  }

  @Test
  void givenARequestOverTheServerLimit_whenProduced_thenRejectedWithTheReasonAndNoWavesEchoed() {
    // given: two waves of 2,501 servers each
    ExecutionWave a = wave("a");
    a.setSourceServerIds(IntStream.range(0, 2501).mapToObj(i -> LargestPlan.server(0, i)).toList());
    ExecutionWave b = wave("b", "a");
    b.setSourceServerIds(IntStream.range(0, 2501).mapToObj(i -> LargestPlan.server(1, i)).toList());

    // when
    start(request("exec-1", "plan-1", a, b));

    // then
    ExecutionUpdated rejected = lastView();
    assertThat(rejected.getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.getReason())
        .isEqualTo(
            "invalid request: waves: a plan may launch at most 5000 source servers, got 5002:"
                + " split it into several plans");
    assertThat(rejected.getWaves()).isEmpty();
    assertThat(launches()).isEmpty();
  }

  @Test
  void givenTheLargestAdmissiblePlan_whenRequested_thenAdmittedAndItsFirstWaveLaunches() {
    // given
    String executionId = LargestPlan.id("exec-", 1, PlanLimits.MAX_ID_LENGTH);
    String planId = LargestPlan.id("plan-", 1, PlanLimits.MAX_ID_LENGTH);

    // when
    start(LargestPlan.request(executionId, planId, 1));

    // then
    ExecutionUpdated view = lastView();
    assertThat(view.getStatus()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(view.getWaves()).hasSize(PlanLimits.MAX_WAVES);
    assertThat(launches())
        .singleElement()
        .satisfies(l -> assertThat(l.getWaveId()).isEqualTo(LargestPlan.waveId(0)));
  }

  @Test
  void givenAPlanWhoseStateCouldOutgrowTheBound_whenRequested_thenRejectedAndThePlanIsFreed() {
    // given: a broker whose records are smaller than Kafka's default (a bound of 500,000 bytes),
    // and the largest plan the limits allow, each wave depending on the 5 before it (985
    // dependencies): its state fits at the start but not once every server has launched
    startDriver(500_000);
    String planId = "plan-dense";
    ExecutionRequested dense = LargestPlan.request("exec-dense", planId, 5);
    assertThat(io.drsorch.scheduler.admission.RequestValidator.errors(planId, dense)).isEmpty();

    // when
    start(dense);

    // then
    TestRecord<String, ExecutionUpdated> rejected = executions.readRecord();
    assertThat(rejected.key()).isEqualTo("exec-dense");
    assertThat(rejected.value().getStatus()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(rejected.value().getReason())
        .startsWith("not admitted: the execution's state at its largest would be ")
        .contains("bytes, over the 500000-byte bound of ");
    assertThat(rejected.value().getWaves()).isEmpty();
    assertThat(launches()).isEmpty();
    assertThat(
            driver
                .<String, StoredExecution>getKeyValueStore(SchedulerTopology.EXECUTIONS_STORE)
                .get("exec-dense"))
        .isNull();

    // and the plan is free for the next request
    start(request("exec-next", planId, wave("db")));
    assertThat(lastView().getStatus()).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void givenAnEventThatWouldOutgrowTheBound_whenItArrives_thenDeadLetteredAndTheExecutionGoesOn() {
    // given: records of at most 20,000 bytes, and a launch reported with 2,000 job ids
    startDriver(20_000);
    start(request("exec-1", "plan-1", wave("db")));
    executions.readValuesToList();
    io.drsorch.avro.WaveLaunched flood = launched("exec-1", "db", 1, "drsjob-db");
    flood.setJobIds(
        IntStream.range(0, 2000).mapToObj(i -> LargestPlan.id("drsjob-", i, 24)).toList());

    // when
    send(flood);
    send(launched("exec-1", "db", 1, "drsjob-db"));

    // then
    TestRecord<String, byte[]> letter = deadLetters.readRecord();
    assertThat(letter.key()).isEqualTo("exec-1");
    assertThat(header(letter, "dlq.topic")).isEqualTo(Topics.WAVE_EVENTS.name());
    assertThat(header(letter, "dlq.exception")).endsWith("WriteTooLargeException");
    assertThat(header(letter, "dlq.reason"))
        .startsWith("not applied: the execution's state would be ")
        .endsWith(
            "bytes, over the 20000-byte bound of wave-scheduler-scheduler-executions-changelog");
    ExecutionUpdated view = lastView();
    assertThat(waveOf(view, "db").getStatus()).isEqualTo(WaveStatus.RUNNING);
    assertThat(waveOf(view, "db").getJobIds()).containsExactly("drsjob-db");
  }

  @Test
  void givenATimerWhoseExecutionCannotBeRead_whenDue_thenItIsDroppedAndTheOtherTimersFire() {
    // given: exec-1 waits 3 s to retry a throttled launch, and exec-0 (fired first: timers go in
    // key order) has a due timer and a state the scheduler cannot read back
    start(request("exec-1", "plan-1", wave("db")));
    LaunchWave first = launches().get(0);
    assertThat(first.getWaveStartedAt()).isEqualTo(first.getOccurredAt());
    send(launchFailed("exec-1", "db", 1, "ThrottlingException", true, 3));
    KeyValueStore<String, StoredExecution> states =
        driver.getKeyValueStore(SchedulerTopology.EXECUTIONS_STORE);
    KeyValueStore<String, Long> timers = driver.getKeyValueStore(SchedulerTopology.TIMERS_STORE);
    StoredExecution unreadable = StoredExecution.newBuilder(states.get("exec-1")).build();
    unreadable.setExecutionId("exec-0");
    unreadable.setStatus("NOT_A_STATUS");
    states.put("exec-0", unreadable);
    timers.put("exec-0", T0.toEpochMilli());

    // when: the wall clock passes both timers
    driver.advanceWallClockTime(Duration.between(T0, clock).plusSeconds(4));

    // then: the punctuation did not fail, exec-1 retried, and exec-0's timer is gone
    assertThat(launches())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getExecutionId()).isEqualTo("exec-1");
              assertThat(l.getAttempt()).isEqualTo(2);
            });
    assertThat(timers.get("exec-0")).isNull();
  }

  @Test
  void givenASlotReleaseTooLargeForItsTopic_whenAWaveEnds_thenTheEventIsDeadLetteredNotWritten() {
    // given: the job slots' topic refused a record of 10 bytes, every other topic takes anything
    start(request("exec-1", "plan-1", wave("db"), wave("app", "db")));
    send(launched("exec-1", "db", 1, "drsjob-db"));
    executions.readValuesToList();
    guard.refused(Topics.SCHEDULER_JOB_SLOTS.name(), 10);

    // when: the wave ends, which frees its slots
    send(completed("exec-1", "db", 1, "drsjob-db"));

    // then
    TestRecord<String, byte[]> letter = deadLetters.readRecord();
    assertThat(header(letter, "dlq.reason"))
        .startsWith("not applied: a JobSlotsReleased would be ")
        .endsWith(
            "bytes, over the 9-byte bound of drs.scheduler.job-slots (the broker refused a record"
                + " of 10 bytes there)");
    assertThat(executions.isEmpty()).isTrue();
  }

  @Test
  void givenAnEndedExecution_whenItsPlanIsReleased_thenTheReleaseCarriesNoWaves() {
    // given
    TestOutputTopic<String, ExecutionUpdated> releases =
        output(
            Topic.bind(
                Topics.SCHEDULER_RELEASES,
                SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url())));
    start(request("exec-1", "plan-1", wave("db"), wave("app", "db")));

    // when
    runWave("exec-1", "db");
    runWave("exec-1", "app");

    // then: the admission side needs the execution id, not every wave's state
    assertThat(releases.readRecordsToList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("plan-1");
              assertThat(r.value().getExecutionId()).isEqualTo("exec-1");
              assertThat(r.value().getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
              assertThat(r.value().getWaves()).isEmpty();
            });
    assertThat(lastView().getWaves()).hasSize(2);
  }
}
