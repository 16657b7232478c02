package io.drsorch.watcher.state;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.TerminationStarted;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.drsclient.Target;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the watcher knows of one partition of drs.wave-events: the attempts it watches and the last
 * observed state of their jobs, and the termination requests (drill cleanup) it watches. Changed
 * only by {@link #evolve}, the same for records replayed from the topic and for records the watcher
 * just wrote, so a replay rebuilds exactly this state. Applying a record twice, or an older record
 * after a newer one, changes nothing.
 *
 * <p>A termination's TERMINATE jobs have no JobStatusChanged (that record names a wave), so their
 * last observed state is not here: the poller keeps it in memory, and reads it again after a
 * replay.
 *
 * <p>The wave actions started (WaveActionStarted) and not yet ended (WaveActionEnded) are here too:
 * what following them needs is all in their WaveActionStarted, so a replay finds exactly the
 * actions still to follow; what their checks saw meanwhile is the poller's, in memory.
 *
 * <p>Besides, in memory only: the attempts, terminations and actions the watcher gave up on ({@link
 * #abandon}), whose end is all that is left to write.
 */
public final class WatchState {

  private final Map<AttemptKey, WatchedAttempt> attempts = new LinkedHashMap<>();
  private final Map<String, JobObservation> jobs = new HashMap<>();

  /** Attempts that ended: a late duplicate WaveLaunched must not start watching them again. */
  private final Set<AttemptKey> ended = new HashSet<>();

  /** Attempts given up on, with the reason their end is to carry. */
  private final Map<AttemptKey, String> abandoned = new HashMap<>();

  private final Map<TerminationKey, WatchedTermination> terminations = new LinkedHashMap<>();

  /** Terminations that ended: a late duplicate TerminationStarted must not start them again. */
  private final Set<TerminationKey> endedTerminations = new HashSet<>();

  private final Map<TerminationKey, String> abandonedTerminations = new HashMap<>();

  private final Map<ActionKey, WatchedAction> actions = new LinkedHashMap<>();

  /** Actions that ended: a late duplicate WaveActionStarted must not start following them again. */
  private final Set<ActionKey> endedActions = new HashSet<>();

  private final Map<ActionKey, String> abandonedActions = new HashMap<>();

  /** Applies an event this watcher wrote itself. */
  public void evolve(WaveEvent envelope) {
    evolve(envelope, null);
  }

  /**
   * Applies an event.
   *
   * @param origin where it was read, kept with the attempt a WaveLaunched starts; null for an event
   *     this watcher wrote
   */
  public void evolve(WaveEvent envelope, Origin origin) {
    Object event = envelope.getEvent();
    if (event instanceof WaveLaunched launched) {
      launched(launched, origin);
    } else if (event instanceof JobStatusChanged changed) {
      changed(changed);
    } else if (event instanceof WaveCompleted completed) {
      ended(
          new AttemptKey(
              completed.getExecutionId(), completed.getWaveId(), completed.getAttempt()));
    } else if (event instanceof WaveFailed failed) {
      ended(new AttemptKey(failed.getExecutionId(), failed.getWaveId(), failed.getAttempt()));
    } else if (event instanceof TerminationStarted started) {
      terminationStarted(started, origin);
    } else if (event instanceof TerminationEnded terminationEnded) {
      ended(TerminationKey.of(terminationEnded));
    } else if (event instanceof WaveActionStarted actionStarted) {
      actionStarted(actionStarted, origin);
    } else if (event instanceof WaveActionEnded actionEnded) {
      ended(ActionKey.of(actionEnded));
    }
    // WaveLaunchFailed, WaveLaunchDeferred, TerminationFailed: nothing to watch.
  }

  private void actionStarted(WaveActionStarted started, Origin origin) {
    ActionKey key = ActionKey.of(started);
    if (endedActions.contains(key) || actions.containsKey(key)) {
      return;
    }
    actions.put(
        key,
        new WatchedAction(
            key,
            started.getWaveId(),
            started.getPhase(),
            started.getIndex(),
            started.getAction(),
            new Target(started.getRegion(), started.getRoleArn()),
            started.getDeadline(),
            started.getAutomationExecutionId(),
            started.getId(),
            origin));
  }

  /**
   * Starts watching a termination, even one without jobs (every instance already gone): it is then
   * ended at once, and only a TerminationEnded tells the scheduler so.
   */
  private void terminationStarted(TerminationStarted started, Origin origin) {
    TerminationKey key = TerminationKey.of(started);
    if (endedTerminations.contains(key) || terminations.containsKey(key)) {
      return;
    }
    terminations.put(
        key,
        new WatchedTermination(
            key,
            new Target(started.getRegion(), started.getRoleArn()),
            started.getJobIds(),
            started.getRecoveryInstanceIds(),
            started.getAlreadyGone(),
            started.getId(),
            origin));
  }

  private void launched(WaveLaunched launched, Origin origin) {
    AttemptKey key =
        new AttemptKey(launched.getExecutionId(), launched.getWaveId(), launched.getAttempt());
    if (ended.contains(key) || attempts.containsKey(key) || launched.getJobIds().isEmpty()) {
      return;
    }
    attempts.put(
        key,
        new WatchedAttempt(
            key,
            new Target(launched.getRegion(), launched.getRoleArn()),
            launched.getJobIds(),
            launched.getSourceServerIds(),
            launched.getId(),
            origin));
  }

  private void changed(JobStatusChanged changed) {
    AttemptKey key =
        new AttemptKey(changed.getExecutionId(), changed.getWaveId(), changed.getAttempt());
    WatchedAttempt attempt = attempts.get(key);
    if (attempt == null || !attempt.jobIds().contains(changed.getJobId())) {
      return;
    }
    jobs.merge(changed.getJobId(), observation(changed), JobObservation::merge);
  }

  /**
   * Gives up on an attempt: from now on only its end, carrying this reason, is decided for it (see
   * {@link io.drsorch.watcher.poll.WatchDecisions}). Once that end is written and applied, the
   * attempt is over, in replays too.
   */
  public void abandon(AttemptKey key, String reason) {
    if (attempts.containsKey(key)) {
      abandoned.putIfAbsent(key, reason);
    }
  }

  /** Gives up on a termination: from now on only its end, carrying this reason, is decided. */
  public void abandon(TerminationKey key, String reason) {
    if (terminations.containsKey(key)) {
      abandonedTerminations.putIfAbsent(key, reason);
    }
  }

  /** Gives up on an action: from now on only its end, carrying this reason, is decided. */
  public void abandon(ActionKey key, String reason) {
    if (actions.containsKey(key)) {
      abandonedActions.putIfAbsent(key, reason);
    }
  }

  /** Stops following an action whose end could not be written either; see the other drop. */
  public void drop(ActionKey key) {
    ended(key);
  }

  private void ended(ActionKey key) {
    endedActions.add(key);
    abandonedActions.remove(key);
    actions.remove(key);
  }

  /**
   * Stops watching an attempt whose end could not be written either. In memory only: a replay
   * watches it again, and gives up on it again.
   */
  public void drop(AttemptKey key) {
    ended(key);
  }

  /** Stops watching a termination whose end could not be written either; see the other drop. */
  public void drop(TerminationKey key) {
    ended(key);
  }

  private void ended(TerminationKey key) {
    endedTerminations.add(key);
    abandonedTerminations.remove(key);
    terminations.remove(key);
  }

  private void ended(AttemptKey key) {
    ended.add(key);
    abandoned.remove(key);
    WatchedAttempt attempt = attempts.remove(key);
    if (attempt != null) {
      attempt.jobIds().forEach(jobs::remove);
    }
  }

  /**
   * True when an attempt watched here has this job and it has not been seen COMPLETED yet: only
   * then is it worth reading now. Scans the attempts, which are few per partition.
   */
  public boolean awaits(String jobId) {
    for (WatchedAttempt attempt : attempts.values()) {
      if (attempt.jobIds().contains(jobId) && !abandoned.containsKey(attempt.key())) {
        JobObservation seen = jobs.get(jobId);
        return seen == null || seen.status() != JobStatus.COMPLETED;
      }
    }
    return false;
  }

  /** An immutable copy, for deciding without holding up the thread that applies records. */
  public Snapshot snapshot() {
    return new Snapshot(
        Map.copyOf(attempts),
        Map.copyOf(jobs),
        Map.copyOf(abandoned),
        Map.copyOf(terminations),
        Map.copyOf(abandonedTerminations),
        Map.copyOf(actions),
        Map.copyOf(abandonedActions));
  }

  /**
   * The watched attempts and their jobs' last observed state, frozen, and the reason of each
   * attempt given up on; the same for the watched terminations (whose jobs' state the poller keeps)
   * and the followed actions (whose checks' results the poller keeps).
   */
  public record Snapshot(
      Map<AttemptKey, WatchedAttempt> attempts,
      Map<String, JobObservation> jobs,
      Map<AttemptKey, String> abandoned,
      Map<TerminationKey, WatchedTermination> terminations,
      Map<TerminationKey, String> abandonedTerminations,
      Map<ActionKey, WatchedAction> actions,
      Map<ActionKey, String> abandonedActions) {}

  static JobObservation observation(JobStatusChanged changed) {
    Map<String, ServerObservation> servers = new TreeMap<>();
    for (ServerLaunch server : changed.getServers()) {
      servers.put(
          server.getSourceServerId(),
          new ServerObservation(server.getLaunchStatus(), server.getRecoveryInstanceId()));
    }
    return new JobObservation(changed.getStatus(), servers);
  }
}
