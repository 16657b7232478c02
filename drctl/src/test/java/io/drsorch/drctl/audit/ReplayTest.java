package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveEvent;
import io.drsorch.scheduler.Inputs;
import io.drsorch.scheduler.core.RetryPolicy;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay proof against the real scheduler topology (in a TopologyTestDriver): what it recorded
 * is reproduced exactly from its inputs, a throttled launch retried by the scheduler's timer
 * included; a history missing a record, or inputs missing the timer's trace, are caught.
 */
class ReplayTest {

  private static final String EXECUTION = "e-replay";

  @TempDir Path state;

  private ExecutionRecords records;

  @BeforeEach
  void runAnExecutionThroughTheScheduler() {
    SchemaRegistryClient registry =
        SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());
    try (Driver d = new Driver(state, RetryPolicy.DEFAULT, JobQuota.DEFAULT)) {
      TestOutputTopic<String, ExecutionTransition> history =
          output(d, Topic.bind(Topics.EXECUTION_HISTORY, registry));
      TestOutputTopic<String, ExecutionRequested> admissions =
          output(d, Topic.bind(Topics.SCHEDULER_ADMISSIONS, registry));
      TestOutputTopic<String, WaveCommand> commands =
          output(d, Topic.bind(Topics.WAVE_COMMANDS, registry));
      List<Recorded<SpecificRecord>> events = new ArrayList<>();
      // Record time follows the punctuators' wall clock, as producers on one machine do.
      Instant[] now = {Inputs.T0};
      ExecutionRequested request =
          Inputs.request(EXECUTION, "plan-r", Inputs.wave("db"), Inputs.wave("app", "db"));
      d.requests.pipeInput(request.getPlanId(), request, now[0]);
      java.util.function.Consumer<SpecificRecord> send =
          event -> {
            now[0] = now[0].plusMillis(700);
            d.advanceWallClock(Duration.ofMillis(700));
            d.waveEvents.pipeInput(EXECUTION, new WaveEvent(event), now[0]);
            events.add(
                new Recorded<>(
                    Topics.WAVE_EVENTS.name(), 0, events.size(), now[0].toEpochMilli(), event));
          };
      // db is throttled once: the scheduler's timer launches attempt 2 after the backoff.
      send.accept(Inputs.launchFailed(EXECUTION, "db", 1, "ThrottlingException", true, 1));
      now[0] = now[0].plusSeconds(5);
      d.advanceWallClock(Duration.ofSeconds(5));
      send.accept(Inputs.launched(EXECUTION, "db", 2, "drsjob-db"));
      send.accept(Inputs.jobStatus(EXECUTION, "db", 2, "drsjob-db", LaunchStatus.IN_PROGRESS));
      send.accept(Inputs.completed(EXECUTION, "db", 2, "drsjob-db"));
      send.accept(Inputs.launched(EXECUTION, "app", 1, "drsjob-app"));
      send.accept(Inputs.completed(EXECUTION, "app", 1, "drsjob-app"));

      records =
          new ExecutionRecords(
              EXECUTION,
              List.of(),
              recorded(admissions.readRecordsToList()),
              List.of(),
              recorded(commands.readRecordsToList()).stream()
                  .map(
                      r ->
                          new Recorded<>(
                              r.topic(),
                              0,
                              r.offset(),
                              r.timestamp(),
                              (LaunchWave) r.value().getCommand()))
                  .toList(),
              events,
              recorded(history.readRecordsToList()),
              List.of(),
              List.of());
    }
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
