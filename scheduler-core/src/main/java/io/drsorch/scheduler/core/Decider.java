package io.drsorch.scheduler.core;

import io.drsorch.avro.CancelExecution;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.ExecutionEvent.CancelRequested;
import io.drsorch.scheduler.core.ExecutionEvent.ExecutionEnded;
import io.drsorch.scheduler.core.ExecutionEvent.ExecutionStarted;
import io.drsorch.scheduler.core.ExecutionEvent.JobsProgressed;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchAccepted;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchDeferred;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRequested;
import io.drsorch.scheduler.core.ExecutionEvent.LaunchRetryScheduled;
import io.drsorch.scheduler.core.ExecutionEvent.Meta;
import io.drsorch.scheduler.core.ExecutionEvent.WaveEnded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what an input means for one execution. Pure: the outcome depends only on the state, the
 * input, {@code now} (the input's timestamp or the timer's firing time) and the policy. An empty
 * list means the input changes nothing (unknown execution, stale attempt, duplicate, wave already
 * ended), which is what makes redelivered records harmless.
 *
 * <p>Inputs: ExecutionRequested (admitted), CancelExecution, the wave events (WaveLaunched,
 * WaveLaunchFailed, WaveLaunchDeferred, JobStatusChanged, WaveCompleted, WaveFailed), or a {@link
 * Tick}. Any other input (a wave event type added after this version) decides nothing.
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
    if (state == null || !state.isRunning() || !isInput(input)) {
      return List.of();
    }
    Decision d = new Decision(state, meta(state, input, now));
    if (input instanceof CancelExecution cancel) {
      cancel(d, cancel);
    } else if (input instanceof WaveLaunched launched) {
      launched(d, launched);
    } else if (input instanceof WaveLaunchFailed failed) {
      launchFailed(d, failed, now);
    } else if (input instanceof JobStatusChanged changed) {
      jobChanged(d, changed);
    } else if (input instanceof WaveCompleted completed) {
      completed(d, completed);
    } else if (input instanceof WaveFailed failed) {
      ended(
          d,
          failed.getWaveId(),
          failed.getAttempt(),
          WaveStatus.FAILED,
          failed.getReason(),
          failed.getJobIds(),
          failed.getServers());
    } else if (input instanceof WaveLaunchDeferred deferred) {
      deferred(d, deferred);
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
    if (state == null || !state.isRunning()) {
      return Optional.empty();
    }
    Duration executionTimeout = policy.timeoutOf(state);
    Instant next = executionTimeout == null ? null : state.startedAt().plus(executionTimeout);
    for (WaveState wave : state.waves()) {
      next = earliest(next, wave.isWaitingForRetry() ? wave.retryDueAt() : null);
      Duration timeout = policy.timeoutOf(state, wave);
      if (wave.isActive() && timeout != null && wave.startedAt() != null) {
        next = earliest(next, wave.startedAt().plus(timeout));
      }
    }
    return Optional.ofNullable(next);
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
              w.getTimeoutMinutes()));
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
            request.getExecutionTimeoutMinutes());
    Meta meta = new Meta(1, now, request.getId(), ExecutionRequested.class.getSimpleName());
    Decision d = new Decision(null, meta);
    d.add(new ExecutionStarted(meta, started));
    react(d);
    return List.copyOf(d.events);
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
      if (wave.status() == WaveStatus.PENDING || wave.isWaitingForRetry() || wave.queued()) {
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
                        d.meta, w.waveId(), w.attempt(), List.copyOf(launched.getJobIds()))));
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

  /** E.g. "waiting for DRS job capacity in us-east-1: 20 of 20 jobs active, 3rd in line". */
  static String waitingReason(WaveLaunchDeferred deferred) {
    String where =
        deferred.getAccountId() == null
            ? deferred.getRegion()
            : deferred.getAccountId() + "/" + deferred.getRegion();
    return "waiting for DRS job capacity in "
        + where
        + ": "
        + deferred.getActiveJobs()
        + " of "
        + deferred.getQuota()
        + " jobs active, "
        + ordinal(deferred.getPosition())
        + " in line";
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
    List<String> notLaunched =
        completed.getServers().stream()
            .filter(s -> s.getLaunchStatus() != LaunchStatus.LAUNCHED)
            .map(s -> s.getSourceServerId() + " " + s.getLaunchStatus())
            .toList();
    WaveStatus status = notLaunched.isEmpty() ? WaveStatus.COMPLETED : WaveStatus.FAILED;
    String reason =
        notLaunched.isEmpty() ? null : "servers not launched: " + String.join(", ", notLaunched);
    ended(
        d,
        completed.getWaveId(),
        completed.getAttempt(),
        status,
        reason,
        completed.getJobIds(),
        completed.getServers());
  }

  private void ended(
      Decision d,
      String waveId,
      int attempt,
      WaveStatus status,
      String reason,
      List<String> jobIds,
      List<ServerLaunch> servers) {
    currentAttempt(d.state, waveId, attempt)
        .filter(WaveState::isActive)
        .ifPresent(
            w ->
                d.add(
                    new WaveEnded(
                        d.meta,
                        waveId,
                        status,
                        reason,
                        List.copyOf(jobIds),
                        servers(servers, null))));
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
      }
    }
  }

  /**
   * The whole execution ran out of time: what has not started never will, what runs is given up,
   * and the execution ends TIMED_OUT without waiting for DRS.
   */
  private static void timeOut(Decision d, Duration timeout) {
    String reason = "execution timed out";
    for (WaveState wave : d.state.waves()) {
      if (wave.status() == WaveStatus.PENDING) {
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
   * dependencies all completed launch, and the execution ends once nothing runs or can launch.
   */
  private void react(Decision d) {
    boolean changed = true;
    while (changed && d.state.isRunning()) {
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
          d.add(new LaunchRequested(d.meta, wave.waveId(), 1));
          changed = true;
        }
      }
    }
    if (d.state.isRunning() && d.state.waves().stream().allMatch(WaveState::isTerminal)) {
      d.add(outcome(d));
    }
  }

  private static ExecutionEnded outcome(Decision d) {
    ExecutionState s = d.state;
    if (s.cancelRequested()) {
      return new ExecutionEnded(d.meta, ExecutionStatus.CANCELLED, s.reason());
    }
    List<String> failed =
        s.waves().stream()
            .filter(w -> w.status() == WaveStatus.FAILED || w.status() == WaveStatus.TIMED_OUT)
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
                    s.getJobId() != null ? s.getJobId() : jobId))
        .toList();
  }

  private static boolean isInput(Object input) {
    return input instanceof CancelExecution
        || input instanceof WaveLaunched
        || input instanceof WaveLaunchFailed
        || input instanceof WaveLaunchDeferred
        || input instanceof JobStatusChanged
        || input instanceof WaveCompleted
        || input instanceof WaveFailed
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
