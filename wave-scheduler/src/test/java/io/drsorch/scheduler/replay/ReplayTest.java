package io.drsorch.scheduler.replay;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveEvent;
import io.drsorch.scheduler.Inputs;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.core.Tick;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.topology.Driver;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay proof against the real scheduler topology (in a TopologyTestDriver): what it recorded
 * is reproduced exactly from its inputs, a throttled launch retried by the scheduler's timer
 * included, and a wave timed out by it; a history missing a record, cut at its end (its last,
 * timer-caused transition included), or inputs missing the timer's trace, are caught.
 */
class ReplayTest {

  private static final String EXECUTION = "e-replay";

  @TempDir Path state;

  private ExecutionRecords records;

  @BeforeEach
  void runAnExecutionThroughTheScheduler() {
    records =
        run(
            state,
            EXECUTION,
            scheduler -> {
              scheduler.start(
                  Inputs.request(EXECUTION, "plan-r", Inputs.wave("db"), Inputs.wave("app", "db")));
              // db is throttled once: the scheduler's timer launches attempt 2 after the backoff.
              scheduler.send(
                  Inputs.launchFailed(EXECUTION, "db", 1, "ThrottlingException", true, 1));
              scheduler.elapse(Duration.ofSeconds(5));
              scheduler.send(Inputs.launched(EXECUTION, "db", 2, "drsjob-db"));
              scheduler.send(
                  Inputs.jobStatus(EXECUTION, "db", 2, "drsjob-db", LaunchStatus.IN_PROGRESS));
              scheduler.send(Inputs.completed(EXECUTION, "db", 2, "drsjob-db"));
              scheduler.send(Inputs.launched(EXECUTION, "app", 1, "drsjob-app"));
              scheduler.send(Inputs.completed(EXECUTION, "app", 1, "drsjob-app"));
            });
  }

  @Test
  void givenTheSchedulersOwnRecords_whenReplayed_thenExactlyTheRecordedTransitions() {
    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(records);

    // then
    assertThat(verdict.differences()).isEmpty();
    assertThat(verdict.verified()).isTrue();
    assertThat(verdict.timers()).isEqualTo(1);
    assertThat(verdict.recordedTransitions()).isGreaterThanOrEqualTo(6);
    assertThat(records.launches()).extracting(r -> r.value().getAttempt()).containsExactly(1, 2, 1);
  }

  @Test
  void givenAHistoryWithARecordRemoved_whenReplayed_thenNotVerifiedNamingTheDifference() {
    // given
    List<Recorded<ExecutionTransition>> history = new ArrayList<>(records.history());
    ExecutionTransition removed = history.remove(history.size() / 2).value();

    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(records.withHistory(history));

    // then
    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.differences().get(0)).contains("sequence " + removed.getSequence());
  }

  @Test
  void givenTheTimersLaunchRemoved_whenReplayed_thenTheRetryCannotBeExplained() {
    // given: the LaunchWave of attempt 2 is the only trace of the timer that fired
    List<Recorded<LaunchWave>> launches =
        records.launches().stream().filter(l -> l.value().getAttempt() != 2).toList();
    ExecutionRecords lacking = records.withLaunches(launches);

    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(lacking);

    // then
    assertThat(verdict.verified()).isFalse();
  }

  @Test
  void givenTheSchedulersOwnRecords_whenReplayed_thenItEndsAsTheLastView() {
    // given
    ExecutionUpdated last = records.lastView();

    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(records);

    // then
    assertThat(last.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(verdict.differences()).isEmpty();
    assertThat(verdict.verified()).isTrue();
  }

  @Test
  void givenAHistoryCutAfterItsLastRecord_whenReplayed_thenNotVerifiedNamingTheMissingEnd() {
    // given
    List<Recorded<ExecutionTransition>> history = new ArrayList<>(records.history());
    ExecutionTransition removed = history.remove(history.size() - 1).value();

    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(records.withHistory(history));

    // then
    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.differences().get(0))
        .contains("lacks 1 transition", "sequence " + removed.getSequence());
  }

  @Test
  void givenAWaveTimedOutByTheTimer_whenReplayed_thenTheTimeoutIsReproduced() {
    // given
    ExecutionRecords timedOut = runWithATimeout();

    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(timedOut);

    // then
    ExecutionTransition last = timedOut.history().get(timedOut.history().size() - 1).value();
    assertThat(last.getToStatus()).isEqualTo("TIMED_OUT");
    assertThat(last.getCausationType()).isEqualTo(Tick.TYPE);
    assertThat(verdict.differences()).isEmpty();
    assertThat(verdict.verified()).isTrue();
    assertThat(verdict.timers()).isEqualTo(1);
  }

  @Test
  void givenAHistoryCutBeforeItsTimedOutWave_whenReplayed_thenNotVerifiedNamingTheMissingEnd() {
    // given: the timeout is the only trace of the timer that fired, so without it the replay
    // stops where the cut history stops, and only the last view shows the execution went on
    ExecutionRecords timedOut = runWithATimeout();
    List<Recorded<ExecutionTransition>> history = new ArrayList<>(timedOut.history());
    ExecutionTransition removed = history.remove(history.size() - 1).value();
    long before = history.get(history.size() - 1).value().getSequence();

    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(timedOut.withHistory(history));

    // then
    assertThat(verdict.verified()).isFalse();
    assertThat(verdict.timers()).isZero();
    assertThat(verdict.differences())
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains(
            "the history ends at sequence " + before + " (RUNNING)",
            "the last view on drs.executions is sequence " + removed.getSequence() + " (RUNNING)",
            "transitions are missing at the end",
            "wave db replays to RUNNING, the view says TIMED_OUT");
  }

  @Test
  void givenGatesAPauseAndAnApprovalTimeout_whenReplayed_thenEveryOperatorDecisionIsReproduced() {
    // given: db; app behind a gate, reached while paused and approved; web behind a gate nobody
    // answers within its 2 minutes, so the scheduler's timer times it out
    String execution = "e-operator";
    ExecutionWave app = Inputs.wave("app", "db");
    app.setApprovalRequired(true);
    ExecutionWave web = Inputs.wave("web", "app");
    web.setApprovalRequired(true);
    web.setApprovalTimeoutMinutes(2);
    ExecutionRecords operated =
        run(
            state.resolve("operator"),
            execution,
            scheduler -> {
              scheduler.start(Inputs.request(execution, "plan-o", Inputs.wave("db"), app, web));
              scheduler.send(Inputs.launched(execution, "db", 1, "drsjob-db"));
              scheduler.command(Inputs.pause(execution, "dave"));
              scheduler.send(Inputs.completed(execution, "db", 1, "drsjob-db"));
              scheduler.command(Inputs.approve(execution, "app", "carol", "consistent"));
              scheduler.command(Inputs.resume(execution, "dave"));
              scheduler.send(Inputs.launched(execution, "app", 1, "drsjob-app"));
              scheduler.send(Inputs.completed(execution, "app", 1, "drsjob-app"));
              scheduler.elapse(Duration.ofMinutes(3));
            });

    // when
    Replay.Verdict verdict = new Replay(RetryPolicy.DEFAULT).verify(operated);

    // then
    assertThat(operated.history())
        .extracting(r -> r.value().getWaveId() + ":" + r.value().getToStatus())
        .contains(
            "null:PAUSED",
            "app:WAITING_APPROVAL",
            "app:PENDING",
            "null:RUNNING",
            "app:LAUNCHING",
            "web:WAITING_APPROVAL",
            "web:TIMED_OUT",
            "null:FAILED");
    assertThat(operated.lastView().getStatus()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(verdict.differences()).isEmpty();
    assertThat(verdict.verified()).isTrue();
    assertThat(verdict.timers()).isEqualTo(1);

    // and without the approval on the commands topic the history cannot be explained
    ExecutionRecords withoutApproval =
        new ExecutionRecords(
            operated.executionId(),
            operated.requests(),
            operated.admitted(),
            operated.commands().stream()
                .filter(c -> !(c.value() instanceof io.drsorch.avro.ApproveWave))
                .toList(),
            operated.launches(),
            operated.waveEvents(),
            operated.history(),
            operated.views(),
            operated.unreadable());
    assertThat(new Replay(RetryPolicy.DEFAULT).verify(withoutApproval).verified()).isFalse();
  }

  /**
   * Two independent waves; db may take 10 minutes and gets no result, so the scheduler's timer
   * times it out while cache still runs: the timeout is the history's last transition.
   */
  private ExecutionRecords runWithATimeout() {
    String execution = "e-timeout";
    ExecutionWave db = Inputs.wave("db");
    db.setTimeoutMinutes(10);
    return run(
        state.resolve("timeout"),
        execution,
        scheduler -> {
          scheduler.start(Inputs.request(execution, "plan-t", db, Inputs.wave("cache")));
          scheduler.send(Inputs.launched(execution, "db", 1, "drsjob-db"));
          scheduler.send(Inputs.launched(execution, "cache", 1, "drsjob-cache"));
          scheduler.elapse(Duration.ofMinutes(11));
        });
  }

  /** Drives the scheduler as producers on one machine would: record time follows its clock. */
  private interface Scheduler {
    void start(ExecutionRequested request);

    /** A wave event, 700 ms after the previous input. */
    void send(SpecificRecord event);

    /** An operator's command (approve, pause...), 700 ms after the previous input. */
    void command(SpecificRecord command);

    /** Time passes; the scheduler's timers fire meanwhile. */
    void elapse(Duration time);
  }

  /** What the topics hold after {@code scenario} ran through the real scheduler topology. */
  private static ExecutionRecords run(
      Path stateDir, String executionId, java.util.function.Consumer<Scheduler> scenario) {
    SchemaRegistryClient registry =
        SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());
    try (Driver d = new Driver(stateDir, RetryPolicy.DEFAULT, JobQuota.DEFAULT)) {
      TestOutputTopic<String, ExecutionTransition> history =
          output(d, Topic.bind(Topics.EXECUTION_HISTORY, registry));
      TestOutputTopic<String, ExecutionRequested> admissions =
          output(d, Topic.bind(Topics.SCHEDULER_ADMISSIONS, registry));
      List<Recorded<SpecificRecord>> events = new ArrayList<>();
      List<Recorded<SpecificRecord>> commands = new ArrayList<>();
      Instant[] now = {Inputs.T0};
      scenario.accept(
          new Scheduler() {
            @Override
            public void start(ExecutionRequested request) {
              d.requests.pipeInput(request.getPlanId(), request, now[0]);
            }

            @Override
            public void send(SpecificRecord event) {
              elapse(Duration.ofMillis(700));
              d.waveEvents.pipeInput(executionId, new WaveEvent(event), now[0]);
              events.add(
                  new Recorded<>(
                      Topics.WAVE_EVENTS.name(), 0, events.size(), now[0].toEpochMilli(), event));
            }

            @Override
            public void command(SpecificRecord command) {
              elapse(Duration.ofMillis(700));
              d.commands.pipeInput(executionId, Inputs.command(command), now[0]);
              commands.add(
                  new Recorded<>(
                      Topics.EXECUTION_COMMANDS.name(),
                      0,
                      commands.size(),
                      now[0].toEpochMilli(),
                      command));
            }

            @Override
            public void elapse(Duration time) {
              now[0] = now[0].plus(time);
              d.advanceWallClock(time);
            }
          });
      return new ExecutionRecords(
          executionId,
          List.of(),
          recorded(admissions.readRecordsToList()),
          commands,
          recorded(d.waveCommands.readRecordsToList()).stream()
              .map(r -> r.withValue((LaunchWave) r.value().getCommand()))
              .toList(),
          events,
          recorded(history.readRecordsToList()),
          recorded(d.executions.readRecordsToList()),
          List.of());
    }
  }

  private static <V extends SpecificRecord> TestOutputTopic<String, V> output(
      Driver d, Topic<V> topic) {
    return d.driver.createOutputTopic(
        topic.name(), topic.key().deserializer(), topic.value().deserializer());
  }

  private static <V> List<Recorded<V>> recorded(List<TestRecord<String, V>> records) {
    List<Recorded<V>> out = new ArrayList<>();
    for (TestRecord<String, V> r : records) {
      out.add(new Recorded<>("topic", 0, out.size(), r.timestamp(), r.value()));
    }
    return out;
  }
}
