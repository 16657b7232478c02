package io.drsorch.scheduler.store;

import io.drsorch.avro.ActionFailurePolicy;
import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.ActionSpec;
import io.drsorch.scheduler.core.ActionState;
import io.drsorch.scheduler.core.Cleanup;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.Preflight;
import io.drsorch.scheduler.core.RecoveryTerms;
import io.drsorch.scheduler.core.ServerState;
import io.drsorch.scheduler.core.WaveState;
import io.drsorch.scheduler.core.WaveState.OperatorNote;
import java.util.LinkedHashMap;

/**
 * Maps the core's execution state to the store's Avro record and back. The store record is the
 * durable form (changelogged, read after a restart), so the mapping must round-trip exactly.
 */
public final class StateCodec {

  private StateCodec() {}

  public static StoredExecution toStored(ExecutionState s) {
    return StoredExecution.newBuilder()
        .setExecutionId(s.executionId())
        .setPlanId(s.planId())
        .setPlanVersion(s.planVersion())
        .setPlanName(s.planName())
        .setMode(s.mode().name())
        .setRequestedBy(s.requestedBy())
        .setRequestId(s.requestId())
        .setStatus(s.status().name())
        .setReason(s.reason())
        .setStartedAt(s.startedAt())
        .setEndedAt(s.endedAt())
        .setSequence(s.sequence())
        .setCancelRequested(s.cancelRequested())
        .setWaveTimeoutMinutes(s.waveTimeoutMinutes())
        .setExecutionTimeoutMinutes(s.executionTimeoutMinutes())
        .setWaves(s.waves().stream().map(StateCodec::toStored).toList())
        .setRetryOf(s.retryOf())
        .setPause(toStored(s.pause()))
        .setTerms(toStored(s.terms()))
        .setCleanup(toStored(s.cleanup()))
        .build();
  }

  private static StoredCleanup toStored(Cleanup c) {
    if (c == null) {
      return null;
    }
    return StoredCleanup.newBuilder()
        .setStatus(c.status().name())
        .setRequestedBy(c.requestedBy())
        .setRequestedAt(c.requestedAt())
        .setEndedAt(c.endedAt())
        .setInstanceIds(c.instanceIds())
        .setRequests(
            c.requests().stream()
                .map(
                    r ->
                        StoredCleanupRequest.newBuilder()
                            .setRequestId(r.requestId())
                            .setRegion(r.region())
                            .setAccountId(r.accountId())
                            .setRoleArn(r.roleArn())
                            .setInstanceIds(r.instanceIds())
                            .setStatus(r.status().name())
                            .setJobIds(r.jobIds())
                            .setTerminatedInstanceIds(r.terminatedInstanceIds())
                            .setReason(r.reason())
                            .build())
                .toList())
        .setReason(c.reason())
        .build();
  }

  private static Cleanup fromStored(StoredCleanup c) {
    if (c == null) {
      return null;
    }
    return new Cleanup(
        Cleanup.Status.valueOf(c.getStatus()),
        c.getRequestedBy(),
        c.getRequestedAt(),
        c.getEndedAt(),
        c.getInstanceIds(),
        c.getRequests().stream()
            .map(
                r ->
                    new Cleanup.Request(
                        r.getRequestId(),
                        r.getRegion(),
                        r.getAccountId(),
                        r.getRoleArn(),
                        r.getInstanceIds(),
                        Cleanup.RequestStatus.valueOf(r.getStatus()),
                        r.getJobIds(),
                        r.getTerminatedInstanceIds(),
                        r.getReason()))
            .toList(),
        c.getReason());
  }

  public static ExecutionState fromStored(StoredExecution s) {
    return new ExecutionState(
        s.getExecutionId(),
        s.getPlanId(),
        s.getPlanVersion(),
        s.getPlanName(),
        ExecutionMode.valueOf(s.getMode()),
        s.getRequestedBy(),
        s.getRequestId(),
        ExecutionStatus.valueOf(s.getStatus()),
        s.getReason(),
        s.getStartedAt(),
        s.getEndedAt(),
        s.getSequence(),
        s.getCancelRequested(),
        s.getWaves().stream().map(StateCodec::fromStored).toList(),
        s.getWaveTimeoutMinutes(),
        s.getExecutionTimeoutMinutes(),
        s.getRetryOf(),
        fromStored(s.getPause()),
        fromStored(s.getTerms()),
        fromStored(s.getCleanup()));
  }

  /** Null for no terms at all, as states stored before terms existed read. */
  private static StoredTerms toStored(RecoveryTerms terms) {
    if (terms.equals(RecoveryTerms.NONE)) {
      return null;
    }
    Preflight p = terms.preflight();
    return StoredTerms.newBuilder()
        .setPointInTime(terms.pointInTime())
        .setPreflight(
            p == null
                ? null
                : StoredPreflight.newBuilder()
                    .setMode(p.mode().name())
                    .setCheckedAt(p.checkedAt())
                    .setServersChecked(p.serversChecked())
                    .setNotKept(p.notKept())
                    .setProblems(
                        p.problems().stream()
                            .map(
                                problem ->
                                    StoredProblem.newBuilder()
                                        .setSourceServerId(problem.sourceServerId())
                                        .setWaveId(problem.waveId())
                                        .setProblems(problem.problems())
                                        .build())
                            .toList())
                    .build())
        .setRtoTargetMinutes(terms.rtoTargetMinutes())
        .setDrillCleanupAfterMinutes(terms.drillCleanupAfterMinutes())
        .build();
  }

  private static RecoveryTerms fromStored(StoredTerms terms) {
    if (terms == null) {
      return RecoveryTerms.NONE;
    }
    StoredPreflight p = terms.getPreflight();
    return new RecoveryTerms(
        terms.getPointInTime(),
        p == null
            ? null
            : new Preflight(
                PreflightMode.valueOf(p.getMode()),
                p.getCheckedAt(),
                p.getServersChecked(),
                p.getProblems().stream()
                    .map(
                        problem ->
                            new Preflight.Problem(
                                problem.getSourceServerId(),
                                problem.getWaveId(),
                                problem.getProblems()))
                    .toList(),
                p.getNotKept()),
        terms.getRtoTargetMinutes(),
        terms.getDrillCleanupAfterMinutes());
  }

  private static StoredNote toStored(OperatorNote note) {
    return note == null
        ? null
        : StoredNote.newBuilder().setBy(note.by()).setAt(note.at()).setText(note.text()).build();
  }

  private static OperatorNote fromStored(StoredNote note) {
    return note == null ? null : new OperatorNote(note.getBy(), note.getAt(), note.getText());
  }

  private static StoredWave toStored(WaveState w) {
    return StoredWave.newBuilder()
        .setWaveId(w.waveId())
        .setName(w.name())
        .setRegion(w.region())
        .setAccountId(w.accountId())
        .setRoleArn(w.roleArn())
        .setSourceServerIds(w.sourceServerIds())
        .setDependsOn(w.dependsOn())
        .setTimeoutMinutes(w.timeoutMinutes())
        .setStatus(w.status().name())
        .setAttempt(w.attempt())
        .setJobIds(w.jobIds())
        .setStartedAt(w.startedAt())
        .setEndedAt(w.endedAt())
        .setReason(w.reason())
        .setRetryDueAt(w.retryDueAt())
        .setQueued(w.queued())
        .setApprovalRequired(w.approvalRequired())
        .setApprovalTimeoutMinutes(w.approvalTimeoutMinutes())
        .setOptionalServerIds(w.optionalServerIds())
        .setWaitingSince(w.waitingSince())
        .setApproval(toStored(w.approval()))
        .setCarriedOverFrom(w.carriedOverFrom())
        .setOverrideBy(w.overrideBy())
        .setLaunchDone(w.launchDone())
        .setActions(w.actions().stream().map(StateCodec::toStored).toList())
        .setServers(
            w.servers().stream()
                .map(
                    sv ->
                        StoredServer.newBuilder()
                            .setSourceServerId(sv.sourceServerId())
                            .setLaunchStatus(sv.launchStatus().name())
                            .setRecoveryInstanceId(sv.recoveryInstanceId())
                            .setJobId(sv.jobId())
                            .setSnapshotId(sv.snapshotId())
                            .setSnapshotTakenAt(sv.snapshotTakenAt())
                            .build())
                .toList())
        .build();
  }

  private static WaveState fromStored(StoredWave w) {
    return new WaveState(
        w.getWaveId(),
        w.getName(),
        w.getRegion(),
        w.getAccountId(),
        w.getRoleArn(),
        w.getSourceServerIds(),
        w.getDependsOn(),
        w.getTimeoutMinutes(),
        WaveStatus.valueOf(w.getStatus()),
        w.getAttempt(),
        w.getJobIds(),
        w.getStartedAt(),
        w.getEndedAt(),
        w.getReason(),
        w.getRetryDueAt(),
        w.getServers().stream()
            .map(
                sv ->
                    new ServerState(
                        sv.getSourceServerId(),
                        LaunchStatus.valueOf(sv.getLaunchStatus()),
                        sv.getRecoveryInstanceId(),
                        sv.getJobId(),
                        sv.getSnapshotId(),
                        sv.getSnapshotTakenAt()))
            .toList(),
        w.getQueued(),
        w.getApprovalRequired(),
        w.getApprovalTimeoutMinutes(),
        w.getOptionalServerIds(),
        w.getWaitingSince(),
        fromStored(w.getApproval()),
        w.getCarriedOverFrom(),
        w.getOverrideBy(),
        w.getLaunchDone(),
        w.getActions().stream().map(StateCodec::fromStored).toList());
  }

  private static StoredAction toStored(ActionState a) {
    ActionSpec spec = a.spec();
    return StoredAction.newBuilder()
        .setName(spec.name())
        .setType(spec.type().name())
        .setTimeoutMinutes(spec.timeoutMinutes())
        .setOnFailure(spec.onFailure().name())
        .setDocumentName(spec.documentName())
        .setDocumentVersion(spec.documentVersion())
        .setParameters(new LinkedHashMap<>(spec.parameters()))
        .setUrl(spec.url())
        .setExpectStatus(spec.expectStatus())
        .setIntervalSeconds(spec.intervalSeconds())
        .setPhase(a.phase().name())
        .setIndex(a.index())
        .setStatus(a.status().name())
        .setStartedAt(a.startedAt())
        .setEndedAt(a.endedAt())
        .setReason(a.reason())
        .setAutomationExecutionId(a.automationExecutionId())
        .setLastHttpStatus(a.lastHttpStatus())
        .setContinued(a.continued())
        .build();
  }

  private static ActionState fromStored(StoredAction a) {
    ActionSpec spec =
        new ActionSpec(
            a.getName(),
            ActionType.valueOf(a.getType()),
            a.getTimeoutMinutes(),
            ActionFailurePolicy.valueOf(a.getOnFailure()),
            a.getDocumentName(),
            a.getDocumentVersion(),
            a.getParameters(),
            a.getUrl(),
            a.getExpectStatus(),
            a.getIntervalSeconds());
    return new ActionState(
        spec,
        ActionPhase.valueOf(a.getPhase()),
        a.getIndex(),
        ActionStatus.valueOf(a.getStatus()),
        a.getStartedAt(),
        a.getEndedAt(),
        a.getReason(),
        a.getAutomationExecutionId(),
        a.getLastHttpStatus(),
        a.getContinued());
  }
}
