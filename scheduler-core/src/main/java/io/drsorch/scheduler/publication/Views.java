package io.drsorch.scheduler.publication;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionView;
import io.drsorch.avro.CleanupView;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.core.ActionState;
import io.drsorch.scheduler.core.Cleanup;
import io.drsorch.scheduler.core.ExecutionEvent.Meta;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.Ids;
import io.drsorch.scheduler.core.ServerState;
import io.drsorch.scheduler.core.WaveState;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds the records the scheduler publishes from an execution's state. */
public final class Views {

  private Views() {}

  /** The whole view of the execution, as of the decision described by {@code meta}. */
  public static ExecutionUpdated view(ExecutionState s, Meta meta) {
    return ExecutionUpdated.newBuilder()
        .setId(Ids.of("ExecutionUpdated", s.executionId(), Long.toString(s.sequence())))
        .setExecutionId(s.executionId())
        .setOccurredAt(meta.at())
        .setCausationId(meta.causationId())
        .setSequence(s.sequence())
        .setPlanId(s.planId())
        .setPlanVersion(s.planVersion())
        .setPlanName(s.planName())
        .setMode(s.mode())
        .setRequestedBy(s.requestedBy())
        .setStatus(s.status())
        .setReason(s.reason())
        .setStartedAt(s.startedAt())
        .setEndedAt(s.endedAt())
        .setWaves(s.waves().stream().map(w -> wave(s, w)).toList())
        .setRetryOf(s.retryOf())
        .setWaveTimeoutMinutes(s.waveTimeoutMinutes())
        .setExecutionTimeoutMinutes(s.executionTimeoutMinutes())
        .setPausedBy(s.pause() == null ? null : s.pause().by())
        .setPausedAt(s.pause() == null ? null : s.pause().at())
        .setPointInTime(s.terms().pointInTime())
        .setPreflight(s.terms().preflight() == null ? null : s.terms().preflight().toRecord())
        .setRto(Evidence.rto(s))
        .setDrillCleanupAfterMinutes(s.terms().drillCleanupAfterMinutes())
        .setCleanup(cleanup(s.cleanup()))
        .build();
  }

  private static CleanupView cleanup(Cleanup c) {
    if (c == null) {
      return null;
    }
    return CleanupView.newBuilder()
        .setStatus(c.status().name())
        .setRequestedBy(c.requestedBy())
        .setRequestedAt(c.requestedAt())
        .setEndedAt(c.endedAt())
        .setJobIds(c.jobIds())
        .setInstanceIds(c.instanceIds())
        .setTerminatedInstanceIds(c.terminatedInstanceIds())
        .setReason(c.reason())
        .build();
  }

  /** The command of one termination request; its id depends only on the request. */
  public static TerminateRecoveryInstances terminate(
      ExecutionState s, Cleanup.Request r, Meta meta) {
    return TerminateRecoveryInstances.newBuilder()
        .setId(Ids.of("TerminateRecoveryInstances", r.requestId()))
        .setExecutionId(s.executionId())
        .setOccurredAt(meta.at())
        .setCausationId(meta.causationId())
        .setRequestId(r.requestId())
        .setRegion(r.region())
        .setAccountId(r.accountId())
        .setRoleArn(r.roleArn())
        .setRecoveryInstanceIds(r.instanceIds())
        .setSourceServerIds(sourceServersOf(s, r.instanceIds()))
        .build();
  }

  /**
   * The source servers whose recovery instances these are, each once, in the order the waves list
   * them: a TERMINATE job locks them at DRS, so the quota gate holds launches of them meanwhile.
   */
  private static List<String> sourceServersOf(ExecutionState s, List<String> instanceIds) {
    Set<String> instances = new HashSet<>(instanceIds);
    Set<String> servers = new LinkedHashSet<>();
    for (WaveState wave : s.waves()) {
      for (ServerState server : wave.servers()) {
        if (server.recoveryInstanceId() != null
            && instances.contains(server.recoveryInstanceId())) {
          servers.add(server.sourceServerId());
        }
      }
    }
    return List.copyOf(servers);
  }

  /** The reason the view gives: a wave held by the pause says so, though nothing changed in it. */
  private static String reason(ExecutionState s, WaveState w) {
    if (w.reason() == null
        && s.isPaused()
        && w.status() == WaveStatus.PENDING
        && w.dependsOn().stream()
            .allMatch(
                dep -> s.wave(dep).map(d -> d.status() == WaveStatus.COMPLETED).orElse(false))) {
      return "waiting for resume";
    }
    if (w.reason() == null && w.runningAction().isPresent()) {
      return w.runningAction().get().label() + " running";
    }
    return w.reason();
  }

  public static WaveView wave(ExecutionState s, WaveState w) {
    return WaveView.newBuilder()
        .setWaveId(w.waveId())
        .setName(w.name())
        .setRegion(w.region())
        .setStatus(w.status())
        .setDependsOn(w.dependsOn())
        .setAttempt(w.attempt())
        .setJobIds(w.jobIds())
        .setStartedAt(w.startedAt())
        .setEndedAt(w.endedAt())
        .setReason(reason(s, w))
        .setAccountId(w.accountId())
        .setRoleArn(w.roleArn())
        .setTimeoutMinutes(w.timeoutMinutes())
        .setApprovalRequired(w.approvalRequired())
        .setApprovalTimeoutMinutes(w.approvalTimeoutMinutes())
        .setOptionalServerIds(w.optionalServerIds())
        .setWaitingSince(w.waitingSince())
        .setApprovedBy(w.approval() == null ? null : w.approval().by())
        .setApprovedAt(w.approval() == null ? null : w.approval().at())
        .setComment(w.approval() == null ? null : w.approval().text())
        .setFailedOptionalServers(w.failedOptionalServers())
        .setCarriedOverFrom(w.carriedOverFrom())
        .setOverrideBy(w.overrideBy())
        .setActions(w.actions().stream().map(Views::action).toList())
        .setServers(
            w.servers().stream()
                .map(
                    server ->
                        ServerLaunch.newBuilder()
                            .setSourceServerId(server.sourceServerId())
                            .setLaunchStatus(server.launchStatus())
                            .setRecoveryInstanceId(server.recoveryInstanceId())
                            .setJobId(server.jobId())
                            .setSnapshotId(server.snapshotId())
                            .setSnapshotTakenAt(server.snapshotTakenAt())
                            .setRpoSeconds(Evidence.rpoSeconds(s, server))
                            .build())
                .toList())
        .build();
  }

  private static ActionView action(ActionState a) {
    return ActionView.newBuilder()
        .setName(a.name())
        .setPhase(a.phase())
        .setIndex(a.index())
        .setType(a.spec().type())
        .setOnFailure(a.spec().onFailure())
        .setStatus(a.status())
        .setStartedAt(a.startedAt())
        .setEndedAt(a.endedAt())
        .setReason(a.reason())
        .setAutomationExecutionId(a.automationExecutionId())
        .setLastHttpStatus(a.lastHttpStatus())
        .setContinued(a.continued())
        .setDefinition(a.spec().toAvro())
        .build();
  }

  /**
   * The command for one action of {@code w}; its ids depend only on the action's request id. An
   * after action names the wave's recovery instances; its deadline is fixed here, once.
   */
  public static RunWaveAction runAction(
      ExecutionState s, WaveState w, ActionPhase phase, int index, Meta meta) {
    ActionState a = w.action(phase, index).orElseThrow();
    String requestId =
        Ids.actionRequestId(s.executionId(), w.waveId(), w.attempt(), phase.name(), index);
    return RunWaveAction.newBuilder()
        .setId(Ids.of("RunWaveAction", requestId))
        .setExecutionId(s.executionId())
        .setOccurredAt(meta.at())
        .setCausationId(meta.causationId())
        .setRequestId(requestId)
        .setWaveId(w.waveId())
        .setPhase(phase)
        .setIndex(index)
        .setAction(a.spec().toAvro())
        .setRegion(w.region())
        .setAccountId(w.accountId())
        .setRoleArn(w.roleArn())
        .setRecoveryInstanceIds(
            w.servers().stream()
                .map(io.drsorch.scheduler.core.ServerState::recoveryInstanceId)
                .filter(java.util.Objects::nonNull)
                .toList())
        .setDeadline(meta.at().plus(java.time.Duration.ofMinutes(a.spec().timeoutMinutes())))
        .build();
  }

  /** The command for one launch attempt; its ids depend only on (execution, wave, attempt). */
  public static LaunchWave launch(ExecutionState s, WaveState w, int attempt, Meta meta) {
    String requestId = Ids.requestId(s.executionId(), w.waveId(), attempt);
    return LaunchWave.newBuilder()
        .setId(Ids.of("LaunchWave", requestId))
        .setExecutionId(s.executionId())
        .setOccurredAt(meta.at())
        .setCausationId(meta.causationId())
        .setWaveId(w.waveId())
        .setAttempt(attempt)
        .setRegion(w.region())
        .setAccountId(w.accountId())
        .setRoleArn(w.roleArn())
        .setSourceServerIds(w.serversToLaunch())
        .setDrill(s.mode() == io.drsorch.avro.ExecutionMode.DRILL)
        .setRequestId(requestId)
        .setDependenciesEndedAt(mayLaunchSince(s, w))
        .setWaveStartedAt(w.startedAt())
        .setPointInTime(s.terms().pointInTime())
        .build();
  }

  /**
   * Since when {@code w} may launch: its dependencies' end, or its last before action's end when it
   * has some, so that the hop measured is the orchestrator's own delay.
   */
  private static java.time.Instant mayLaunchSince(ExecutionState s, WaveState w) {
    java.time.Instant since = dependenciesEndedAt(s, w);
    for (ActionState a : w.actions(ActionPhase.BEFORE)) {
      if (a.endedAt() != null && (since == null || a.endedAt().isAfter(since))) {
        since = a.endedAt();
      }
    }
    return since;
  }

  /** When the last of {@code w}'s dependencies ended; null when it has none. */
  private static java.time.Instant dependenciesEndedAt(ExecutionState s, WaveState w) {
    java.time.Instant last = null;
    for (WaveState other : s.waves()) {
      if (w.dependsOn().contains(other.waveId())
          && other.endedAt() != null
          && (last == null || other.endedAt().isAfter(last))) {
        last = other.endedAt();
      }
    }
    return last;
  }

  /** Frees the quota share of one attempt of {@code w}; its id depends only on the attempt. */
  public static JobSlotsReleased slotsReleased(ExecutionState s, WaveState w, Meta meta) {
    String requestId = Ids.requestId(s.executionId(), w.waveId(), w.attempt());
    return JobSlotsReleased.newBuilder()
        .setId(Ids.of("JobSlotsReleased", requestId))
        .setExecutionId(s.executionId())
        .setOccurredAt(meta.at())
        .setCausationId(meta.causationId())
        .setWaveId(w.waveId())
        .setAttempt(w.attempt())
        .setRequestId(requestId)
        .setAccountId(w.accountId())
        .setRegion(w.region())
        .build();
  }

  /**
   * Frees the quota share and the server locks of one termination request of a drill cleanup; its
   * id depends only on the request. It names no wave: empty wave id, attempt 0.
   */
  public static JobSlotsReleased slotsReleased(ExecutionState s, Cleanup.Request r, Meta meta) {
    return JobSlotsReleased.newBuilder()
        .setId(Ids.of("JobSlotsReleased", r.requestId()))
        .setExecutionId(s.executionId())
        .setOccurredAt(meta.at())
        .setCausationId(meta.causationId())
        .setWaveId("")
        .setAttempt(0)
        .setRequestId(r.requestId())
        .setAccountId(r.accountId())
        .setRegion(r.region())
        .build();
  }

  /**
   * One status change of the execution ({@code wave == null}) or of one wave.
   *
   * @param index position of this transition within its decision, to keep ids unique
   */
  public static ExecutionTransition transition(
      ExecutionState after,
      Meta meta,
      int index,
      WaveState wave,
      String fromStatus,
      String toStatus,
      String reason,
      List<String> jobIds) {
    return ExecutionTransition.newBuilder()
        .setId(
            Ids.of(
                "ExecutionTransition",
                after.executionId(),
                Long.toString(meta.sequence()),
                Integer.toString(index)))
        .setExecutionId(after.executionId())
        .setOccurredAt(meta.at())
        .setCausationId(meta.causationId())
        .setSequence(meta.sequence())
        .setPlanId(after.planId())
        .setWaveId(wave == null ? null : wave.waveId())
        .setFromStatus(fromStatus)
        .setToStatus(toStatus)
        .setReason(reason)
        .setCausationType(meta.causationType())
        .setJobIds(jobIds)
        .build();
  }
}
