package io.drsorch.scheduler.gate;

import static io.drsorch.scheduler.Inputs.T0;
import static io.drsorch.scheduler.Inputs.command;
import static io.drsorch.scheduler.Inputs.completed;
import static io.drsorch.scheduler.Inputs.launched;
import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.server;
import static io.drsorch.scheduler.Inputs.wave;
import static io.drsorch.scheduler.topology.Driver.waveOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.CleanUpExecution;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.GateLimit;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveCommand;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.topology.Driver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drill cleanups' terminations through the quota gate inside the whole topology: they reach the
 * launcher through the gate, hold their jobs and lock their servers until their request is over,
 * and wait in the same line as launches.
 */
class TerminationGateTopologyTest {

  private static final RetryPolicy POLICY =
      new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);
  private static final String GATE = GateKey.of(null, "us-east-1");

  @TempDir Path stateDir;
  private Driver d;

  @AfterEach
  void close() {
    if (d != null) {
      d.close();
    }
  }

  @Test
  void givenACleanupTerminatingAServer_whenALaunchOfItComes_thenItWaitsForTheLockUntilTheEnd() {
    // given: drill exec-1 launched db and is cleaned up
    d = new Driver(stateDir, POLICY, JobQuota.DEFAULT);
    drillOf("exec-1", "plan-1", "db");
    TerminateRecoveryInstances terminate = cleanUp("exec-1");

    // then its termination went through the gate to the launcher, naming db's server
    assertThat(terminate.getRecoveryInstanceIds()).containsExactly("i-0db");
    assertThat(terminate.getSourceServerIds()).containsExactly(server("db"));
    GateBook gate = d.gate(GATE);
    assertThat(gate.status(terminate.getRequestId())).contains(GateBook.Status.ACTIVE);
    assertThat(gate.activeJobs()).isEqualTo(1);
    assertThat(gate.activeServers()).isEqualTo(1);

    // when another plan's drill launches the same server
    d.start(request("exec-2", "plan-2", wave("db")));

    // then the launch is held for the server, and the view says so
    assertThat(d.waveCommands.readValuesToList()).isEmpty();
    WaveLaunchDeferred deferral = single(deferrals());
    assertThat(deferral.getExecutionId()).isEqualTo("exec-2");
    assertThat(deferral.getWaitingFor()).isEqualTo(GateLimit.SERVER_LOCK);
    assertThat(deferral.getLockedServerIds()).containsExactly(server("db"));
    assertThat(deferral.getPosition()).isEqualTo(1);
    assertThat(deferral.getServersNeeded()).isEqualTo(1);
    assertThat(deferral.getActiveServers()).isEqualTo(1);
    assertThat(deferral.getServerQuota()).isEqualTo(500);
    assertThat(waveOf(d.lastView(), "db").getReason())
        .isEqualTo(
            "waiting for "
                + server("db")
                + " to leave another active DRS job in us-east-1, 1st in line");

    // and when the termination runs, nothing changes for the launch
    d.send(started(terminate));
    assertThat(d.waveCommands.readValuesToList()).isEmpty();

    // and when the termination ends, its request's slots are released and the launch goes
    d.send(ended(terminate));
    assertThat(d.jobSlots.readValuesToList())
        .extracting(JobSlotsReleased::getRequestId)
        .containsExactly(terminate.getRequestId());
    List<TestRecord<String, WaveCommand>> sent = d.waveCommands.readRecordsToList();
    assertThat(sent).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("exec-2"));
    LaunchWave launch = (LaunchWave) sent.get(0).value().getCommand();
    assertThat(launch.getSourceServerIds()).containsExactly(server("db"));
    GateBook after = d.gate(GATE);
    assertThat(after.status(terminate.getRequestId())).contains(GateBook.Status.RELEASED);
    assertThat(after.locked(List.of(server("db")))).containsExactly(server("db"));
    assertThat(after.activeServers()).isEqualTo(1);
  }

  @Test
  void givenACleanupRefusedByDrs_whenItFails_thenItsLockIsReleasedToo() {
    // given
    d = new Driver(stateDir, POLICY, JobQuota.DEFAULT);
    drillOf("exec-1", "plan-1", "db");
    TerminateRecoveryInstances terminate = cleanUp("exec-1");
    d.start(request("exec-2", "plan-2", wave("db")));
    assertThat(d.waveCommands.readValuesToList()).isEmpty();

    // when
    d.send(
        TerminationFailed.newBuilder()
            .setId("t-failed")
            .setExecutionId("exec-1")
            .setOccurredAt(d.clock())
            .setRequestId(terminate.getRequestId())
            .setRegion("us-east-1")
            .setErrorCode("ValidationException")
            .setMessage("no such instance")
            .build());

    // then
    assertThat(d.launches()).extracting(LaunchWave::getExecutionId).containsExactly("exec-2");
    assertThat(lastViewOf("exec-1").getCleanup().getStatus()).isEqualTo("FAILED");
    assertThat(d.gate(GATE).status(terminate.getRequestId())).contains(GateBook.Status.RELEASED);
  }

  @Test
  void givenLaunchesInLine_whenACleanupIsAskedFor_thenItsTerminationWaitsItsTurnAndGoesNext() {
    // given: one job at a time; drill exec-1 ended, drill exec-2 runs x with y in line
    d = new Driver(stateDir, POLICY, new JobQuota(1, 100));
    drillOf("exec-1", "plan-1", "db");
    d.start(request("exec-2", "plan-2", wave("x"), wave("y")));
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("x");
    assertThat(single(deferrals()).getWaveId()).isEqualTo("y");

    // when exec-1 is cleaned up
    d.commands.pipeInput("exec-1", command(cleanUpCommand("exec-1")), d.tick());

    // then its termination waits behind y, unannounced to exec-2
    assertThat(d.waveCommands.readValuesToList()).isEmpty();
    assertThat(d.gate(GATE).line())
        .extracting(GateBook.Waiting::requestId)
        .containsExactly("exec-2/y/1", "exec-1/cleanup/us-east-1/own");
    assertThat(deferrals()).isEmpty();

    // and when x ends, y goes; when y ends, the termination goes
    finish("exec-2", "x");
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly("y");
    finish("exec-2", "y");
    assertThat(d.waveCommands.readValuesToList())
        .singleElement()
        .satisfies(c -> assertThat(c.getCommand()).isInstanceOf(TerminateRecoveryInstances.class));
    assertThat(waveOf(lastViewOf("exec-2"), "y").getStatus()).isEqualTo(WaveStatus.COMPLETED);
  }

  /** Runs a one-wave drill to its end; its wave's server gets instance i-0{@code waveId}. */
  private void drillOf(String executionId, String planId, String waveId) {
    d.start(request(executionId, planId, wave(waveId)));
    assertThat(d.launches()).extracting(LaunchWave::getWaveId).containsExactly(waveId);
    finish(executionId, waveId);
    d.waveEventsOut.readValuesToList();
    d.jobSlots.readValuesToList();
  }

  private void finish(String executionId, String waveId) {
    d.send(launched(executionId, waveId, 1, "drsjob-" + waveId));
    d.send(completed(executionId, waveId, 1, "drsjob-" + waveId));
  }

  /** Asks for the cleanup of {@code executionId}; returns the termination the launcher got. */
  private TerminateRecoveryInstances cleanUp(String executionId) {
    d.commands.pipeInput(executionId, command(cleanUpCommand(executionId)), d.tick());
    List<WaveCommand> sent = d.waveCommands.readValuesToList();
    assertThat(sent).singleElement();
    assertThat(sent.get(0).getCommand()).isInstanceOf(TerminateRecoveryInstances.class);
    return (TerminateRecoveryInstances) sent.get(0).getCommand();
  }

  private static CleanUpExecution cleanUpCommand(String executionId) {
    return CleanUpExecution.newBuilder()
        .setId("cleanup-" + executionId)
        .setExecutionId(executionId)
        .setOccurredAt(T0)
        .setRequestedBy("carol")
        .build();
  }

  private TerminationStarted started(TerminateRecoveryInstances terminate) {
    return TerminationStarted.newBuilder()
        .setId("t-started")
        .setExecutionId(terminate.getExecutionId())
        .setOccurredAt(d.clock())
        .setRequestId(terminate.getRequestId())
        .setRegion(terminate.getRegion())
        .setJobIds(List.of("drsjob-t1"))
        .setRecoveryInstanceIds(terminate.getRecoveryInstanceIds())
        .build();
  }

  private TerminationEnded ended(TerminateRecoveryInstances terminate) {
    return TerminationEnded.newBuilder()
        .setId("t-ended")
        .setExecutionId(terminate.getExecutionId())
        .setOccurredAt(d.clock())
        .setRequestId(terminate.getRequestId())
        .setJobIds(List.of("drsjob-t1"))
        .setTerminatedInstanceIds(terminate.getRecoveryInstanceIds())
        .build();
  }

  /** The last view of {@code executionId} written since the views were last read. */
  private ExecutionUpdated lastViewOf(String executionId) {
    List<ExecutionUpdated> views =
        d.executions.readRecordsToList().stream()
            .filter(r -> r.key().equals(executionId))
            .map(TestRecord::value)
            .toList();
    assertThat(views).isNotEmpty();
    return views.get(views.size() - 1);
  }

  private List<WaveLaunchDeferred> deferrals() {
    return d.waveEventsOut.readValuesToList().stream()
        .filter(e -> e.getEvent() instanceof WaveLaunchDeferred)
        .map(e -> (WaveLaunchDeferred) e.getEvent())
        .toList();
  }

  private static WaveLaunchDeferred single(List<WaveLaunchDeferred> deferrals) {
    assertThat(deferrals).hasSize(1);
    return deferrals.get(0);
  }
}
