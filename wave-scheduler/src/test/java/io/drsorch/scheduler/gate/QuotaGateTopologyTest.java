package io.drsorch.scheduler.gate;

import static io.drsorch.scheduler.Inputs.cancel;
import static io.drsorch.scheduler.Inputs.command;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static io.drsorch.scheduler.topology.Driver.waveOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.topology.Driver;
import io.drsorch.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quota gate inside the whole topology: "Nothing lost, nothing launched twice". */
class QuotaGateTopologyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);

  @TempDir Path stateDir;
  private Driver d;

  private Driver driver(JobQuota quota) {
    d = new Driver(stateDir, POLICY, quota);
    return d;
  }

  @AfterEach
  void close() {
    if (d != null) {
      d.close();
    }
  }

  private static List<String> waveIds(int n, String prefix) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("%s%02d", prefix, i)).toList();
  }

  private static ExecutionWave[] waves(List<String> ids, String region) {
    return ids.stream()
        .map(
            id -> {
              ExecutionWave w = wave(id);
              w.setRegion(region);
              return w;
            })
        .toArray(ExecutionWave[]::new);
  }

  private List<WaveLaunchDeferred> deferrals() {
    return d.waveEventsOut.readValuesToList().stream()
        .filter(e -> e.getEvent() instanceof WaveLaunchDeferred)
        .map(e -> (WaveLaunchDeferred) e.getEvent())
        .toList();
  }

  private void finish(String executionId, String waveId) {
    d.send(launched(executionId, waveId, 1, "drsjob-" + waveId));
    d.send(completed(executionId, waveId, 1, "drsjob-" + waveId));
  }

  @Test
  void given25SingleJobWavesInOneRegion_whenAdmitted_then20LaunchAnd5WaitInLineUntilSlotsFree() {
    // given
    driver(JobQuota.DEFAULT);
    List<String> ids = waveIds(25, "w");

    // when
    d.start(request("exec-1", "plan-1", waves(ids, "us-east-1")));

    // then
    List<LaunchWave> first = d.launches();
    assertThat(first)
        .extracting(LaunchWave::getWaveId)
        .containsExactlyElementsOf(ids.subList(0, 20));
    List<WaveLaunchDeferred> deferred = deferrals();
    assertThat(deferred)
        .extracting(x -> x.getWaveId() + "@" + x.getPosition())
        .containsExactly("w21@1", "w22@2", "w23@3", "w24@4", "w25@5");
    assertThat(deferred)
        .allSatisfy(
            x -> {
              assertThat(x.getActiveJobs()).isEqualTo(20);
              assertThat(x.getQuota()).isEqualTo(20);
              assertThat(x.getJobsNeeded()).isEqualTo(1);
            });
    ExecutionUpdated view = d.lastView();
    assertThat(waveOf(view, "w23").getStatus()).isEqualTo(WaveStatus.LAUNCHING);
    assertThat(waveOf(view, "w23").getReason())
        .isEqualTo("waiting for DRS job capacity in us-east-1: 20 of 20 jobs active, 3rd in line");

    // and when slots free one by one, the queue launches first come, first served
    List<String> launchedLater = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      finish("exec-1", ids.get(i));
      d.launches().forEach(l -> launchedLater.add(l.getWaveId()));
    }
    assertThat(launchedLater).containsExactly("w21", "w22", "w23", "w24", "w25");
    // the wait is over for the view once DRS accepted the launch
    d.send(launched("exec-1", "w25", 1, "drsjob-w25"));
    ExecutionUpdated running = d.lastView();
    assertThat(waveOf(running, "w25").getStatus()).isEqualTo(WaveStatus.RUNNING);
    assertThat(waveOf(running, "w25").getReason()).isNull();
    GateBook gate = d.gate("default/us-east-1");
    assertThat(gate.activeJobs()).isEqualTo(20);
    assertThat(gate.queued()).isZero();
    assertThat(gate.line()).isEmpty();
  }

  @Test
  void givenQueuedWave_whenSlotsAreReleasedTwice_thenOnlyOneWaveLaunchesPerFreedSlot() {
    // given
    driver(new JobQuota(1, 100));
    d.start(request("exec-1", "plan-1", waves(List.of("a", "b", "c"), "us-east-1")));
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("a");

    // when: the watcher reports the completion twice
    d.send(launched("exec-1", "a", 1, "j-a"));
    var done = completed("exec-1", "a", 1, "j-a");
    d.send(done);
    d.send(done);

    // then
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("b");
    assertThat(d.jobSlots.readValuesToList())
        .extracting(JobSlotsReleased::getRequestId)
        .containsExactly("exec-1/a/1");
  }

  @Test
  void givenTwoRegions_whenOneIsFull_thenTheOtherLaunchesIndependently() {
    // given
    driver(new JobQuota(2, 100));
    List<String> east = waveIds(3, "e");
    List<String> west = waveIds(2, "w");
    List<ExecutionWave> all = new ArrayList<>(List.of(waves(east, "us-east-1")));
    all.addAll(List.of(waves(west, "us-west-2")));

    // when
    d.start(request("exec-1", "plan-1", all.toArray(ExecutionWave[]::new)));

    // then
    assertThat(d.launches())
        .extracting(l -> l.getRegion() + ":" + l.getWaveId())
        .containsExactlyInAnyOrder(
            "us-east-1:e01", "us-east-1:e02", "us-west-2:w01", "us-west-2:w02");
    assertThat(deferrals())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.getWaveId()).isEqualTo("e03");
              assertThat(x.getRegion()).isEqualTo("us-east-1");
            });
    // a slot freed in us-west-2 does nothing for us-east-1
    finish("exec-1", "w01");
    assertThat(d.launches()).isEmpty();
    finish("exec-1", "e01");
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("e03");
  }

  @Test
  void givenWaveNeedingThreeJobs_whenTwoOfFourJobsAreActive_thenItWaitsUntilOneEnds() {
    // given: 2 servers per call, so 5 servers take 3 jobs
    driver(new JobQuota(4, 2));
    ExecutionWave big = wave("big");
    big.setSourceServerIds(
        List.of(
            "s-00000000000000001",
            "s-00000000000000002",
            "s-00000000000000003",
            "s-00000000000000004",
            "s-00000000000000005"));
    ExecutionWave[] small = waves(List.of("a", "b"), "us-east-1");

    // when
    d.start(request("exec-1", "plan-1", small[0], small[1], big));

    // then
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("a", "b");
    assertThat(deferrals())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.getJobsNeeded()).isEqualTo(3);
              assertThat(x.getActiveJobs()).isEqualTo(2);
            });
    finish("exec-1", "a");
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("big");
  }

  @Test
  void givenWaveNeedingMoreThanTheWholeQuota_whenNothingElseIsActive_thenItLaunchesAlone() {
    // given
    driver(new JobQuota(2, 1));
    ExecutionWave big = wave("big");
    big.setSourceServerIds(
        List.of("s-00000000000000001", "s-00000000000000002", "s-00000000000000003"));

    // when
    d.start(request("exec-1", "plan-1", big, wave("after", "big")));

    // then
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("big");
    finish("exec-1", "big");
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("after");
  }

  @Test
  void givenQueuedWave_whenTheExecutionIsCancelled_thenItIsCancelledAndNeverLaunches() {
    // given
    driver(new JobQuota(1, 100));
    d.start(request("exec-1", "plan-1", waves(List.of("a", "b"), "us-east-1")));
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("a");
    assertThat(waveOf(d.lastView(), "b").getReason()).contains("1st in line");

    // when
    d.commands.pipeInput("exec-1", command(cancel("exec-1")), d.tick());

    // then
    assertThat(waveOf(d.lastView(), "b").getStatus()).isEqualTo(WaveStatus.CANCELLED);
    finish("exec-1", "a");
    assertThat(d.launches()).isEmpty();
    ExecutionUpdated last = d.lastView();
    assertThat(last.getStatus()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(waveOf(last, "a").getStatus()).isEqualTo(WaveStatus.COMPLETED);
    GateBook gate = d.gate("default/us-east-1");
    assertThat(gate.activeJobs()).isZero();
    assertThat(gate.queued()).isZero();
    assertThat(gate.status("exec-1/b/1")).contains(GateBook.Status.RELEASED);
  }

  @Test
  void givenLaunchesTooLargeToSend_whenASlotReleaseLetsThemThrough_thenSetAsideAndTheSlotsGoOn() {
    // given: one job at a time, a running, b and c in line, and the wave commands' topic refusing
    // every LaunchWave from now on
    driver(new JobQuota(1, 100));
    d.start(request("exec-1", "plan-1", waves(List.of("a", "b", "c"), "us-east-1")));
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("a");
    d.guard.refused(Topics.WAVE_COMMANDS.name(), 50);
    TestOutputTopic<String, byte[]> deadLetters =
        d.driver.createOutputTopic(
            Topics.DEAD_LETTERS, new StringDeserializer(), new ByteArrayDeserializer());

    // when a completes: its release lets b through, which cannot be sent
    finish("exec-1", "a");

    // then the release is applied, not dead-lettered: b and then c are set aside, nothing is sent,
    // and nothing holds the account's only job
    assertThat(d.launches()).isEmpty();
    assertThat(deadLetters.readRecordsToList()).isEmpty();
    GateBook gate = d.gate(GateKey.of(null, "us-east-1"));
    assertThat(gate.activeJobs()).isZero();
    assertThat(gate.queued()).isZero();
    for (String attempt : List.of("exec-1/a/1", "exec-1/b/1", "exec-1/c/1")) {
      assertThat(gate.status(attempt)).as(attempt).contains(GateBook.Status.RELEASED);
    }
  }
}
