package io.drsorch.scheduler.core;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ApproveWave;
import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.CleanUpExecution;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.GateLimit;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.PauseExecution;
import io.drsorch.avro.RejectWave;
import io.drsorch.avro.ResumeExecution;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationFailed;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.ExecutionEvent.ActionEnded;
import io.drsorch.scheduler.core.ExecutionEvent.ActionRequested;
import io.drsorch.scheduler.core.ExecutionEvent.ActionStarted;
import io.drsorch.scheduler.core.ExecutionEvent.ApprovalAwaited;
import io.drsorch.scheduler.core.ExecutionEvent.CancelRequested;
import io.drsorch.scheduler.core.ExecutionEvent.CleanupRequested;
import io.drsorch.scheduler.core.ExecutionEvent.ExecutionEnded;
import io.drsorch.scheduler.core.ExecutionEvent.ExecutionStarted;
import io.drsorch.scheduler.core.ExecutionEvent.JobsProgressed;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchAccepted;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchCompleted;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchDeferred;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRequested;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRetryScheduled;
import io.drsorch.scheduler.core.ExecutionEvent.Meta;
import io.drsorch.scheduler.core.ExecutionEvent.Paused;
import io.drsorch.scheduler.core.ExecutionEvent.Resumed;
import io.drsorch.scheduler.core.ExecutionEvent.TerminationProgressed;
import io.drsorch.scheduler.core.ExecutionEvent.WaveApproved;
import io.drsorch.scheduler.core.ExecutionEvent.WaveCarriedOver;
import io.drsorch.scheduler.core.ExecutionEvent.WaveEnded;
import io.drsorch.scheduler.core.WaveState.OperatorNote;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what an input means for one execution. Pure: the outcome depends only on the state, the
 * input, {@code now} (the input's timestamp or the timer's firing time) and the policy. An empty
 * list means the input changes nothing (unknown execution, stale attempt, duplicate, wave already
 * ended), which is what makes redelivered records harmless.
 *
 * <p>Inputs: ExecutionRequested (admitted), the operator's commands (CancelExecution, ApproveWave,
 * RejectWave, PauseExecution, ResumeExecution), the wave events (WaveLaunched, WaveLaunchFailed,
 * WaveLaunchDeferred, JobStatusChanged, WaveCompleted, WaveFailed, WaveActionStarted,
 * WaveActionEnded), or a {@link Tick}. Any other input (a wave event type added after this version)
 * decides nothing.
 */
public final class Decider {

  private final RetryPolicy policy;

  public Decider(RetryPolicy policy) {
    this.policy = policy;
  }

  public List<ExecutionEvent> decide(ExecutionState state, Object input, Instant now) {
    if (input instanceof ExecutionRequested request) {
      return state == null ? start(request, now) : List.of();
    }
    if (state == null || !isInput(input)) {
      return List.of();
    }
    if (!state.isLive()) {
      return afterTheEnd(state, input, now);
    }
    Decision d = new Decision(state, meta(state, input, now));
    if (input instanceof CancelExecution cancel) {
      cancel(d, cancel);
    } else if (input instanceof ApproveWave approve) {
      approve(d, approve, now);
    } else if (input instanceof RejectWave reject) {
      reject(d, reject);
    } else if (input instanceof PauseExecution pause) {
      pause(d, pause, now);
    } else if (input instanceof ResumeExecution) {
      resume(d);
    } else if (input instanceof WaveLaunched launched) {
      launched(d, launched);
    } else if (input instanceof WaveLaunchFailed failed) {
      launchFailed(d, failed, now);
    } else if (input instanceof JobStatusChanged changed) {
      jobChanged(d, changed);
    } else if (input instanceof WaveCompleted completed) {
      completed(d, completed);
    } else if (input instanceof WaveFailed failed) {
      waveFailed(d, failed);
    } else if (input instanceof WaveLaunchDeferred deferred) {
      deferred(d, deferred);
    } else if (input instanceof WaveActionStarted started) {
      actionStarted(d, started);
    } else if (input instanceof WaveActionEnded ended) {
      actionEnded(d, ended);
    } else if (input instanceof Tick) {
      timers(d, now);
    }
    if (d.events.isEmpty()) {
      return List.of();
    }
    react(d);
    return List.copyOf(d.events);
  }

  /** Earliest time a {@link Tick} has something to do for this execution, if any. */
  public Optional<Instant> nextTimer(ExecutionState state) {
    if (state == null) {
      return Optional.empty();
    }
    if (!state.isLive()) {
      return Optional.ofNullable(DrillCleanups.dueAt(state));
    }
    Duration executionTimeout = policy.timeoutOf(state);
    Instant next = executionTimeout == null ? null : state.startedAt().plus(executionTimeout);
    for (WaveState wave : state.waves()) {
      next = earliest(next, wave.isWaitingForRetry() ? wave.retryDueAt() : null);
      Duration timeout = policy.timeoutOf(state, wave);
      if (wave.isActive() && timeout != null && wave.startedAt() != null) {
        next = earliest(next, wave.startedAt().plus(timeout));
      }
      next = earliest(next, approvalDeadline(wave));
    }
    return Optional.ofNullable(next);
  }

  /**
   * An ended execution still takes its drill's cleanup: asked for, due by the plan's timer, and
   * each termination's progress. Nothing else changes it any more.
   */
  private static List<ExecutionEvent> afterTheEnd(ExecutionState state, Object input, Instant now) {
    Decision d = new Decision(state, meta(state, input, now));
    if (input instanceof CleanUpExecution cleanUp) {
      DrillCleanups.request(state, cleanUp.getRequestedBy(), now)
          .ifPresent(c -> d.add(new CleanupRequested(d.meta, c)));
    } else if (input instanceof Tick) {
      Instant due = DrillCleanups.dueAt(state);
      if (due != null && !now.isBefore(due)) {
        DrillCleanups.request(state, Cleanup.TIMER, now)
            .ifPresent(c -> d.add(new CleanupRequested(d.meta, c)));
      }
    } else if (input instanceof TerminationStarted started) {
      progress(
          d,
          started.getRequestId(),
          Cleanup.RequestStatus.RUNNING,
          started.getJobIds(),
          List.of(),
          null);
    } else if (input instanceof TerminationFailed failed) {
      progress(
          d,
          failed.getRequestId(),
          Cleanup.RequestStatus.FAILED,
          failed.getJobIds(),
          List.of(),
          failed.getErrorCode() + ": " + failed.getMessage());
    } else if (input instanceof TerminationEnded ended) {
      progress(
          d,
          ended.getRequestId(),
          Cleanup.RequestStatus.ENDED,
          ended.getJobIds(),
          ended.getTerminatedInstanceIds(),
          ended.getReason());
    }
    return List.copyOf(d.events);
  }

  /**
   * A termination's news, taken once and in order: a request that is over, or that already runs
   * when told it runs, is not changed again (a redelivered record changes nothing).
   */
  private static void progress(
      Decision d,
      String requestId,
      Cleanup.RequestStatus status,
      List<String> jobIds,
      List<String> terminated,
      String reason) {
    Cleanup cleanup = d.state.cleanup();
    Optional<Cleanup.Request> request =
        cleanup == null ? Optional.empty() : cleanup.request(requestId);
    if (request.isEmpty()
        || request.get().isOver()
        || (status == Cleanup.RequestStatus.RUNNING
            && request.get().status() == Cleanup.RequestStatus.RUNNING)) {
      return;
    }
    d.add(
        new TerminationProgressed(
            d.meta,
            requestId,
            status,
            List.copyOf(jobIds),
            List.copyOf(terminated),
            reason == null ? null : Reasons.cut(reason)));
  }

  private List<ExecutionEvent> start(ExecutionRequested request, Instant now) {
    List<WaveState> waves = new ArrayList<>();
    for (ExecutionWave w : request.getWaves()) {
      waves.add(
          WaveState.pending(
              w.getWaveId(),
              w.getName(),
              w.getRegion(),
              w.getAccountId(),
              w.getRoleArn(),
              w.getSourceServerIds(),
              w.getDependsOn(),
              w.getTimeoutMinutes(),
              w.getApprovalRequired(),
              w.getApprovalTimeoutMinutes(),
              w.getOptionalServerIds(),
              actions(w)));
    }
    ExecutionState started =
        new ExecutionState(
            request.getExecutionId(),
            request.getPlanId(),
            request.getPlanVersion(),
            request.getPlanName(),
            request.getMode(),
            request.getRequestedBy(),
            request.getId(),
            ExecutionStatus.RUNNING,
            null,
            now,
            null,
            0,
            false,
            waves,
            request.getWaveTimeoutMinutes(),
            request.getExecutionTimeoutMinutes(),
            request.getRetryOf(),
            null,
            RecoveryTerms.of(request));
    Meta meta = new Meta(1, now, request.getId(), ExecutionRequested.class.getSimpleName());
    Decision d = new Decision(null, meta);
    d.add(new ExecutionStarted(meta, started));
    for (ExecutionWave w : request.getWaves()) {
      if (w.getCarriedOver() != null) {
        carryOver(d, w.getWaveId(), w.getCarriedOver());
      }
    }
    react(d);
    return List.copyOf(d.events);
  }

  /** The wave's before actions, then its after actions, every one PENDING. */
  private static List<ActionState> actions(ExecutionWave w) {
    List<ActionState> actions = new ArrayList<>();
    List<WaveAction> before = w.getBefore();
    for (int i = 0; i < before.size(); i++) {
      actions.add(ActionState.pending(ActionSpec.of(before.get(i)), ActionPhase.BEFORE, i));
    }
    List<WaveAction> after = w.getAfter();
    for (int i = 0; i < after.size(); i++) {
      actions.add(ActionState.pending(ActionSpec.of(after.get(i)), ActionPhase.AFTER, i));
    }
    return actions;
  }

  /**
   * A retry takes over what the retried execution achieved for a wave: a wave that completed (or
   * that an operator marked done) ends COMPLETED at once and never launches; a failed one keeps its
   * launched servers and later launches only the others.
   */
  private static void carryOver(Decision d, String waveId, CarriedOver carried) {
    List<ServerState> kept = servers(carried.getServers(), null);
    d.add(
        new WaveCarriedOver(
            d.meta,
            waveId,
            carried.getFromExecutionId(),
            List.copyOf(carried.getJobIds()),
            kept,
            carried.getOverrideBy()));
    WaveState wave = d.state.wave(waveId).orElseThrow();
    String from = carried.getFromExecutionId();
    String reason = null;
    if (carried.getOverrideBy() != null) {
      reason =
          "marked done by "
              + carried.getOverrideBy()
              + " without relaunching (it failed in execution "
              + from
              + ")"
              + (carried.getOverrideReason() == null ? "" : ": " + carried.getOverrideReason());
    } else if (carried.getDone()) {
      reason = "completed in execution " + from;
    } else if (wave.serversToLaunch().isEmpty() && wave.actions(ActionPhase.AFTER).isEmpty()) {
      // With after actions, it is not done: they run again once it may start (see react), so a
      // tier whose health check failed is checked again before its dependents start.
      reason = "every server launched in execution " + from;
    }
    if (reason != null) {
      d.add(new WaveEnded(d.meta, waveId, WaveStatus.COMPLETED, reason, List.of(), List.of()));
    }
  }

  private void approve(Decision d, ApproveWave approve, Instant now) {
    Optional<WaveState> waiting =
        d.state.wave(approve.getWaveId()).filter(WaveState::isWaitingForApproval);
    if (waiting.isEmpty() || d.state.cancelRequested()) {
      return;
    }
    d.add(
        new WaveApproved(
            d.meta,
            approve.getWaveId(),
            new OperatorNote(approve.getRequestedBy(), now, approve.getComment())));
  }

  private void reject(Decision d, RejectWave reject) {
    Optional<WaveState> waiting =
        d.state.wave(reject.getWaveId()).filter(WaveState::isWaitingForApproval);
    if (waiting.isEmpty()) {
      return;
    }
    String reason =
        "rejected by "
            + reject.getRequestedBy()
            + (reject.getReason() == null ? "" : ": " + reject.getReason());
    d.add(
        new WaveEnded(
            d.meta, reject.getWaveId(), WaveStatus.SKIPPED, reason, List.of(), List.of()));
  }

  private void pause(Decision d, PauseExecution pause, Instant now) {
    if (d.state.isPaused() || d.state.cancelRequested()) {
      return;
    }
    d.add(new Paused(d.meta, new OperatorNote(pause.getRequestedBy(), now, pause.getReason())));
  }

  private void resume(Decision d) {
    if (d.state.isPaused()) {
      d.add(new Resumed(d.meta));
    }
  }

  private void cancel(Decision d, CancelExecution cancel) {
    if (d.state.cancelRequested()) {
      return;
    }
    String reason =
        Reasons.cut(
            "cancelled by "
                + cancel.getRequestedBy()
                + (cancel.getReason() == null ? "" : ": " + cancel.getReason()));
    d.add(new CancelRequested(d.meta, reason));
    for (WaveState wave : d.state.waves()) {
      // Waiting retries and launches queued at the quota gate have nothing running at DRS: they
      // stop here, like unlaunched waves (the gate drops a queued launch on its release).
      // So do waves between their actions: before their launch, or after every server launched
      // (an action in flight runs to its end at the edge, and its end is still recorded).
      if (wave.status() == WaveStatus.PENDING
          || wave.isWaitingForApproval()
          || wave.isWaitingForRetry()
          || wave.queued()
          || wave.inBeforePhase()
          || wave.inAfterPhase()) {
        d.add(
            new WaveEnded(
                d.meta, wave.waveId(), WaveStatus.CANCELLED, reason, List.of(), List.of()));
      }
    }
  }

  private void launched(Decision d, WaveLaunched launched) {
    currentAttempt(d.state, launched.getWaveId(), launched.getAttempt())
        .filter(w -> w.status() == WaveStatus.LAUNCHING && !w.isWaitingForRetry())
        .ifPresent(
            w ->
                d.add(
                    new LaunchAccepted(
                        d.meta,
                        w.waveId(),
                        w.attempt(),
                        List.copyOf(launched.getJobIds()),
                        recoveryPoints(launched))));
  }

  /** The snapshots a point-in-time launch used, as the launcher reported them. */
  private static List<RecoveryPoint> recoveryPoints(WaveLaunched launched) {
    return launched.getSnapshots().stream()
        .map(s -> new RecoveryPoint(s.getSourceServerId(), s.getSnapshotId(), s.getTakenAt()))
        .toList();
  }

  /**
   * The quota gate queued the attempt. Only the reason changes; after a cancel the queued launch is
   * withdrawn at once, since nothing of it runs at DRS.
   */
  private void deferred(Decision d, WaveLaunchDeferred deferred) {
    Optional<WaveState> found =
        currentAttempt(d.state, deferred.getWaveId(), deferred.getAttempt())
            .filter(w -> w.status() == WaveStatus.LAUNCHING && !w.isWaitingForRetry());
    if (found.isEmpty()) {
      return;
    }
    WaveState wave = found.get();
    if (d.state.cancelRequested()) {
      d.add(
          new WaveEnded(
              d.meta, wave.waveId(), WaveStatus.CANCELLED, d.state.reason(), List.of(), List.of()));
      return;
    }
    String reason = waitingReason(deferred);
    if (!wave.queued() || !reason.equals(wave.reason())) {
      d.add(new LaunchDeferred(d.meta, wave.waveId(), wave.attempt(), reason));
    }
  }

  /**
   * Which of DRS's limits holds the launch, e.g. "waiting for DRS job capacity in us-east-1: 20 of
   * 20 jobs active, 3rd in line", "waiting for DRS server capacity in us-east-1: 480 of 500 servers
   * in active jobs, 1st in line", "waiting for s-1 to leave another active DRS job in us-east-1".
   */
  static String waitingReason(WaveLaunchDeferred deferred) {
    String where =
        deferred.getAccountId() == null
            ? deferred.getRegion()
            : deferred.getAccountId() + "/" + deferred.getRegion();
    String line = ", " + ordinal(deferred.getPosition()) + " in line";
    if (deferred.getWaitingFor() == GateLimit.SERVER_LOCK) {
      return "waiting for "
          + String.join(", ", deferred.getLockedServerIds())
          + " to leave another active DRS job in "
          + where
          + line;
    }
    if (deferred.getWaitingFor() == GateLimit.SERVERS) {
      return "waiting for DRS server capacity in "
          + where
          + ": "
          + deferred.getActiveServers()
          + " of "
          + deferred.getServerQuota()
          + " servers in active jobs, "
          + deferred.getServersNeeded()
          + " needed"
          + line;
    }
    return "waiting for DRS job capacity in "
        + where
        + ": "
        + deferred.getActiveJobs()
        + " of "
        + deferred.getQuota()
        + " jobs active"
        + line;
  }

  private static String ordinal(int n) {
    int lastTwo = n % 100;
    String suffix =
        lastTwo >= 11 && lastTwo <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }

  private void launchFailed(Decision d, WaveLaunchFailed failed, Instant now) {
    Optional<WaveState> found =
        currentAttempt(d.state, failed.getWaveId(), failed.getAttempt())
            .filter(w -> w.status() == WaveStatus.LAUNCHING && !w.isWaitingForRetry());
    if (found.isEmpty()) {
      return;
    }
    WaveState wave = found.get();
    String error = failed.getErrorCode() + ": " + failed.getMessage();
    boolean retry =
        failed.getRetryable()
            && failed.getJobIds().isEmpty()
            && wave.attempt() < policy.maxAttempts()
            && !d.state.cancelRequested();
    if (retry) {
      Duration delay =
          policy.retryDelay(
              Ids.requestId(d.state.executionId(), wave.waveId(), wave.attempt()),
              wave.attempt(),
              failed.getRetryAfterSeconds());
      d.add(
          new LaunchRetryScheduled(
              d.meta, wave.waveId(), wave.attempt(), now.plus(delay), "retrying after " + error));
    } else {
      String reason =
          wave.attempt() > 1 ? error + " (after " + wave.attempt() + " attempts)" : error;
      d.add(
          new WaveEnded(
              d.meta,
              wave.waveId(),
              WaveStatus.FAILED,
              reason,
              List.copyOf(failed.getJobIds()),
              List.of()));
    }
  }

  private void jobChanged(Decision d, JobStatusChanged changed) {
    Optional<WaveState> found =
        currentAttempt(d.state, changed.getWaveId(), changed.getAttempt())
            .filter(WaveState::isActive);
    if (found.isEmpty()) {
      return;
    }
    WaveState wave = found.get();
    List<ServerState> servers = servers(changed.getServers(), changed.getJobId());
    boolean newJob = !wave.jobIds().contains(changed.getJobId());
    boolean newServers = !wave.servers().containsAll(servers);
    if (newJob || newServers) {
      d.add(
          new JobsProgressed(
              d.meta, wave.waveId(), wave.attempt(), List.of(changed.getJobId()), servers));
    }
  }

  /**
   * A wave succeeds only if every server it reports LAUNCHED: a completed DRS job may hold failed
   * servers, and the scheduler does not take the report's word for the verdict.
   */
  private void completed(Decision d, WaveCompleted completed) {
    Set<String> optional = optionalServers(d.state, completed.getWaveId());
    List<String> notLaunched = new ArrayList<>();
    List<String> optionalNotLaunched = new ArrayList<>();
    for (ServerLaunch s : completed.getServers()) {
      if (s.getLaunchStatus() != LaunchStatus.LAUNCHED) {
        (optional.contains(s.getSourceServerId()) ? optionalNotLaunched : notLaunched)
            .add(s.getSourceServerId() + " " + s.getLaunchStatus());
      }
    }
    WaveStatus status = notLaunched.isEmpty() ? WaveStatus.COMPLETED : WaveStatus.FAILED;
    String reason;
    if (!notLaunched.isEmpty()) {
      reason = "servers not launched: " + String.join(", ", notLaunched);
    } else if (!optionalNotLaunched.isEmpty()) {
      reason = WITHOUT_OPTIONAL + String.join(", ", optionalNotLaunched);
    } else {
      reason = null;
    }
    ended(
        d,
        completed.getWaveId(),
        completed.getAttempt(),
        status,
        reason,
        completed.getJobIds(),
        completed.getServers());
  }

  /**
   * The watcher judged the attempt failed. Failed servers that are all optional leave the wave
   * COMPLETED; a report without servers (the watcher gave up on the attempt) stays a failure, since
   * nobody can say which of its servers launched.
   */
  private void waveFailed(Decision d, WaveFailed failed) {
    Set<String> optional = optionalServers(d.state, failed.getWaveId());
    boolean onlyOptional =
        !failed.getServers().isEmpty()
            && !failed.getFailedServerIds().isEmpty()
            && optional.containsAll(failed.getFailedServerIds());
    ended(
        d,
        failed.getWaveId(),
        failed.getAttempt(),
        onlyOptional ? WaveStatus.COMPLETED : WaveStatus.FAILED,
        onlyOptional ? WITHOUT_OPTIONAL + failed.getReason() : failed.getReason(),
        failed.getJobIds(),
        failed.getServers());
  }

  private static final String WITHOUT_OPTIONAL = "completed without optional servers: ";

  private static Set<String> optionalServers(ExecutionState state, String waveId) {
    return state.wave(waveId).map(w -> Set.copyOf(w.optionalServerIds())).orElse(Set.of());
  }

  private void ended(
      Decision d,
      String waveId,
      int attempt,
      WaveStatus status,
      String reason,
      List<String> jobIds,
      List<ServerLaunch> servers) {
    Optional<WaveState> found =
        currentAttempt(d.state, waveId, attempt).filter(w -> w.isActive() && !w.launchDone());
    if (found.isEmpty()) {
      return;
    }
    if (status == WaveStatus.COMPLETED && !found.get().actions(ActionPhase.AFTER).isEmpty()) {
      // Launched is not yet recovered: the after actions decide (see react).
      d.add(
          new LaunchCompleted(
              d.meta, waveId, attempt, reason, List.copyOf(jobIds), servers(servers, null)));
      return;
    }
    d.add(
        new WaveEnded(d.meta, waveId, status, reason, List.copyOf(jobIds), servers(servers, null)));
  }

  /** The edge started an action: only the SSM automation's id is news. */
  private void actionStarted(Decision d, WaveActionStarted started) {
    d.state
        .wave(started.getWaveId())
        .flatMap(w -> w.action(started.getPhase(), started.getIndex()))
        .filter(a -> a.isRunning() && a.automationExecutionId() == null)
        .filter(a -> started.getAutomationExecutionId() != null)
        .ifPresent(
            a ->
                d.add(
                    new ActionStarted(
                        d.meta,
                        started.getWaveId(),
                        started.getPhase(),
                        started.getIndex(),
                        started.getAutomationExecutionId())));
  }

  /**
   * An action ended. It is recorded even when its wave ended meanwhile (cancelled, timed out); a
   * failure fails a wave still running, unless the action lets the wave go on. What runs next is
   * react's to decide.
   */
  private void actionEnded(Decision d, WaveActionEnded ended) {
    Optional<WaveState> wave = d.state.wave(ended.getWaveId());
    Optional<ActionState> action =
        wave.flatMap(w -> w.action(ended.getPhase(), ended.getIndex()))
            .filter(ActionState::isRunning);
    if (action.isEmpty()) {
      return;
    }
    d.add(
        new ActionEnded(
            d.meta,
            ended.getWaveId(),
            ended.getPhase(),
            ended.getIndex(),
            ended.getOutcome(),
            ended.getReason() == null ? null : Reasons.cut(ended.getReason()),
            ended.getAutomationExecutionId(),
            ended.getLastHttpStatus()));
    ActionState after =
        d.state
            .wave(ended.getWaveId())
            .orElseThrow()
            .action(ended.getPhase(), ended.getIndex())
            .orElseThrow();
    if (wave.get().isTerminal() || after.letsTheWaveGoOn()) {
      return;
    }
    d.add(
        new WaveEnded(
            d.meta,
            ended.getWaveId(),
            WaveStatus.FAILED,
            actionFailure(after),
            List.of(),
            List.of()));
  }

  /** E.g. "after action 'db-ready' (SSM_AUTOMATION) failed: Step fails when ...". */
  static String actionFailure(ActionState a) {
    String verb =
        a.status() == ActionStatus.TIMED_OUT
            ? "timed out"
            : a.status() == ActionStatus.CANCELLED ? "was cancelled" : "failed";
    return a.label()
        + " ("
        + a.spec().type()
        + ") "
        + verb
        + (a.reason() == null ? "" : ": " + a.reason());
  }

  private void timers(Decision d, Instant now) {
    Duration executionTimeout = policy.timeoutOf(d.state);
    if (executionTimeout != null && !now.isBefore(d.state.startedAt().plus(executionTimeout))) {
      timeOut(d, executionTimeout);
      return;
    }
    for (WaveState wave : d.state.waves()) {
      Duration timeout = policy.timeoutOf(d.state, wave);
      if (wave.isActive()
          && timeout != null
          && wave.startedAt() != null
          && !now.isBefore(wave.startedAt().plus(timeout))) {
        d.add(
            new WaveEnded(
                d.meta,
                wave.waveId(),
                WaveStatus.TIMED_OUT,
                "no result within " + describe(timeout),
                List.of(),
                List.of()));
      } else if (wave.isWaitingForRetry() && !now.isBefore(wave.retryDueAt())) {
        d.add(new LaunchRequested(d.meta, wave.waveId(), wave.attempt() + 1));
      } else if (approvalDeadline(wave) != null && !now.isBefore(approvalDeadline(wave))) {
        d.add(
            new WaveEnded(
                d.meta,
                wave.waveId(),
                WaveStatus.TIMED_OUT,
                "no approval within " + describe(Duration.ofMinutes(wave.approvalTimeoutMinutes())),
                List.of(),
                List.of()));
      }
    }
  }

  /** When a wave waiting for approval times out; null when it does not wait or has no limit. */
  private static Instant approvalDeadline(WaveState wave) {
    Integer minutes = wave.approvalTimeoutMinutes();
    if (!wave.isWaitingForApproval() || minutes == null || minutes <= 0) {
      return null;
    }
    return wave.waitingSince().plus(Duration.ofMinutes(minutes));
  }

  /**
   * The whole execution ran out of time: what has not started never will, what runs is given up,
   * and the execution ends TIMED_OUT without waiting for DRS.
   */
  private static void timeOut(Decision d, Duration timeout) {
    String reason = "execution timed out";
    for (WaveState wave : d.state.waves()) {
      if (wave.status() == WaveStatus.PENDING || wave.isWaitingForApproval()) {
        d.add(
            new WaveEnded(d.meta, wave.waveId(), WaveStatus.SKIPPED, reason, List.of(), List.of()));
      } else if (wave.isActive()) {
        d.add(
            new WaveEnded(
                d.meta, wave.waveId(), WaveStatus.TIMED_OUT, reason, List.of(), List.of()));
      }
    }
    d.add(
        new ExecutionEnded(
            d.meta,
            ExecutionStatus.TIMED_OUT,
            "execution did not end within " + describe(timeout)));
  }

  /** "60 minutes", "24 hours": how the plan author wrote it, roughly. */
  static String describe(Duration timeout) {
    long minutes = timeout.toMinutes();
    if (minutes > 0 && minutes % 60 == 0) {
      long hours = minutes / 60;
      return hours + (hours == 1 ? " hour" : " hours");
    }
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }

  /**
   * What follows from the inputs' effects: dependents of failed waves are skipped, waves whose
   * dependencies all completed launch (or wait at their approval gate; while the execution is
   * paused they wait for the resume), and the execution ends once nothing runs or can launch.
   */
  private void react(Decision d) {
    boolean changed = true;
    while (changed && d.state.isLive()) {
      changed = false;
      for (WaveState wave : d.state.waves()) {
        if (wave.status() != WaveStatus.PENDING) {
          continue;
        }
        Optional<WaveState> failedRoot = failedDependency(d.state, wave);
        if (failedRoot.isPresent()) {
          WaveState root = failedRoot.get();
          String reason = "skipped: depends on wave " + root.waveId() + ", which " + verb(root);
          d.add(
              new WaveEnded(
                  d.meta, wave.waveId(), WaveStatus.SKIPPED, reason, List.of(), List.of()));
          changed = true;
        } else if (!d.state.cancelRequested() && dependenciesCompleted(d.state, wave)) {
          if (wave.approvalRequired() && wave.approval() == null) {
            d.add(new ApprovalAwaited(d.meta, wave.waveId(), awaitingReason(d.meta.at(), wave)));
            changed = true;
          } else if (!d.state.isPaused()) {
            d.add(firstStep(d, wave));
            changed = true;
          }
        }
      }
      for (WaveState wave : d.state.waves()) {
        changed |= nextStep(d, wave);
      }
    }
    if (d.state.isLive() && d.state.waves().stream().allMatch(WaveState::isTerminal)) {
      d.add(outcome(d));
    }
  }

  /**
   * How a wave that may start begins: its first before action, or its launch; a retried wave whose
   * servers all launched in the execution it retries goes straight to its after actions.
   */
  private static ExecutionEvent firstStep(Decision d, WaveState wave) {
    if (wave.carriedOverFrom() != null && wave.serversToLaunch().isEmpty()) {
      return new LaunchCompleted(
          d.meta,
          wave.waveId(),
          wave.attempt(),
          "every server launched in execution " + wave.carriedOverFrom(),
          List.of(),
          List.of());
    }
    Optional<ActionState> first = wave.nextAction(ActionPhase.BEFORE);
    return first.isPresent()
        ? new ActionRequested(d.meta, wave.waveId(), ActionPhase.BEFORE, 0)
        : new LaunchRequested(d.meta, wave.waveId(), 1);
  }

  /**
   * A running wave between two of its steps goes on: the next before action, or the launch once
   * they are all over; the next after action, or COMPLETED once they are all over. Nothing new
   * starts while the execution is paused or cancelled; a wave may still complete meanwhile.
   */
  private static boolean nextStep(Decision d, WaveState wave) {
    boolean between =
        (wave.inBeforePhase() || wave.inAfterPhase()) && wave.runningAction().isEmpty();
    if (!between || d.state.cancelRequested()) {
      return false;
    }
    ActionPhase phase = wave.inAfterPhase() ? ActionPhase.AFTER : ActionPhase.BEFORE;
    Optional<ActionState> next = wave.nextAction(phase);
    if (next.isEmpty() && phase == ActionPhase.AFTER) {
      d.add(
          new WaveEnded(
              d.meta, wave.waveId(), WaveStatus.COMPLETED, wave.reason(), List.of(), List.of()));
      return true;
    }
    if (d.state.isPaused()) {
      return false;
    }
    d.add(
        next.isPresent()
            ? new ActionRequested(d.meta, wave.waveId(), phase, next.get().index())
            : new LaunchRequested(d.meta, wave.waveId(), 1));
    return true;
  }

  /** E.g. "waiting for approval until 2026-12-02T10:00:00Z". */
  private static String awaitingReason(Instant since, WaveState wave) {
    Integer minutes = wave.approvalTimeoutMinutes();
    return minutes == null || minutes <= 0
        ? "waiting for approval"
        : "waiting for approval until " + since.plus(Duration.ofMinutes(minutes));
  }

  private static ExecutionEnded outcome(Decision d) {
    ExecutionState s = d.state;
    if (s.cancelRequested()) {
      return new ExecutionEnded(d.meta, ExecutionStatus.CANCELLED, s.reason());
    }
    // A wave skipped for its own sake (rejected at its gate, say) did not complete either.
    List<String> failed =
        s.waves().stream()
            .filter(
                w ->
                    w.status() == WaveStatus.FAILED
                        || w.status() == WaveStatus.TIMED_OUT
                        || (w.status() == WaveStatus.SKIPPED && failedDependency(s, w).isEmpty()))
            .map(w -> w.waveId() + " " + w.status())
            .toList();
    if (failed.isEmpty() && s.waves().stream().allMatch(w -> w.status() == WaveStatus.COMPLETED)) {
      return new ExecutionEnded(d.meta, ExecutionStatus.COMPLETED, null);
    }
    return new ExecutionEnded(
        d.meta, ExecutionStatus.FAILED, "waves did not complete: " + String.join(", ", failed));
  }

  /** The failed (or timed-out) wave that this wave transitively depends on, if any. */
  private static Optional<WaveState> failedDependency(ExecutionState state, WaveState wave) {
    for (String depId : wave.dependsOn()) {
      Optional<WaveState> dep = state.wave(depId);
      if (dep.isEmpty()) {
        continue;
      }
      WaveStatus status = dep.get().status();
      if (status == WaveStatus.FAILED
          || status == WaveStatus.TIMED_OUT
          || status == WaveStatus.CANCELLED) {
        return dep;
      }
      if (status == WaveStatus.SKIPPED) {
        Optional<WaveState> root = failedDependency(state, dep.get());
        return root.isPresent() ? root : dep;
      }
    }
    return Optional.empty();
  }

  private static String verb(WaveState root) {
    return switch (root.status()) {
      case TIMED_OUT -> "timed out";
      case CANCELLED -> "was cancelled";
      case SKIPPED -> "was skipped";
      default -> "failed";
    };
  }

  private static boolean dependenciesCompleted(ExecutionState state, WaveState wave) {
    return wave.dependsOn().stream()
        .allMatch(
            dep -> state.wave(dep).map(w -> w.status() == WaveStatus.COMPLETED).orElse(false));
  }

  private static Optional<WaveState> currentAttempt(
      ExecutionState state, String waveId, int attempt) {
    return state.wave(waveId).filter(w -> w.attempt() == attempt);
  }

  private static List<ServerState> servers(List<ServerLaunch> reported, String jobId) {
    return reported.stream()
        .map(
            s ->
                new ServerState(
                    s.getSourceServerId(),
                    s.getLaunchStatus(),
                    s.getRecoveryInstanceId(),
                    s.getJobId() != null ? s.getJobId() : jobId,
                    s.getSnapshotId(),
                    s.getSnapshotTakenAt()))
        .toList();
  }

  private static boolean isInput(Object input) {
    return input instanceof CancelExecution
        || input instanceof CleanUpExecution
        || input instanceof TerminationStarted
        || input instanceof TerminationFailed
        || input instanceof TerminationEnded
        || input instanceof ApproveWave
        || input instanceof RejectWave
        || input instanceof PauseExecution
        || input instanceof ResumeExecution
        || input instanceof WaveLaunched
        || input instanceof WaveLaunchFailed
        || input instanceof WaveLaunchDeferred
        || input instanceof JobStatusChanged
        || input instanceof WaveCompleted
        || input instanceof WaveFailed
        || input instanceof WaveActionStarted
        || input instanceof WaveActionEnded
        || input instanceof Tick;
  }

  private static Meta meta(ExecutionState state, Object input, Instant now) {
    String id;
    String type;
    if (input instanceof Tick tick) {
      id = tick.id();
      type = Tick.TYPE;
    } else if (input instanceof org.apache.avro.specific.SpecificRecord record) {
      Object field = record.get(record.getSchema().getField("id").pos());
      id = field == null ? null : field.toString();
      type = record.getSchema().getName();
    } else {
      throw new IllegalArgumentException("not an input of the scheduler: " + input);
    }
    return new Meta(state.sequence() + 1, now, id, type);
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  /** Events decided so far and the state they lead to, so later rules see earlier effects. */
  private static final class Decision {
    private ExecutionState state;
    private final Meta meta;
    private final List<ExecutionEvent> events = new ArrayList<>();

    Decision(ExecutionState state, Meta meta) {
      this.state = state;
      this.meta = meta;
    }

    void add(ExecutionEvent event) {
      state = Evolver.evolve(state, event);
      events.add(event);
    }
  }
}
