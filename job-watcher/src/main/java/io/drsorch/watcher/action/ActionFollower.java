package io.drsorch.watcher.action;

import io.drsorch.avro.WaveEvent;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.watcher.state.ActionKey;
import io.drsorch.watcher.state.WatchState;
import io.drsorch.watcher.state.WatchedAction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the wave actions of the live partitions to their end, on the poller's cycle: each SSM
 * automation is read every {@link ActionPolling#automationInterval()} (one GetAutomationExecution)
 * and stopped once past its deadline; each HTTP check's URL is asked every {@code intervalSeconds}
 * of its action. Which actions to follow comes from the state (WaveActionStarted not followed by
 * WaveActionEnded, replayed from the topic), so a restarted watcher, or the new owner of a
 * partition, picks up every action still running; what the calls saw is kept here, in memory, per
 * action ({@link ActionProgress}), and found again by the next call after a restart.
 *
 * <p>Calls run on a small pool, at most one per action at a time, so a cycle never waits for SSM or
 * for a URL: it applies what answered since the last one, decides ({@link ActionDecisions}) and
 * starts what is due. Used by the poller thread only, but for {@link #followed()}.
 */
public final class ActionFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ActionFollower.class);

  /** Threads making the SSM calls: each call is short, and bounded by the SDK's timeouts. */
  static final int SSM_THREADS = 4;

  /**
   * Threads completing the HTTP checks, apart from the SSM calls: an SSM slow to answer must not
   * hold up a check's answer past its deadline.
   */
  static final int HTTP_THREADS = 2;

  private final ActionPolling polling;
  private final ExecutorService ssmPool;
  private final ExecutorService httpPool;
  private final AutomationCalls automations;
  private final HttpChecks checks;
  private final Map<ActionKey, ActionProgress> progress = new HashMap<>();
  private volatile int followed;

  public ActionFollower(SsmClients clients, ActionPolling polling, Clock clock) {
    this.polling = polling;
    this.ssmPool = pool("job-watcher-ssm-", SSM_THREADS);
    this.httpPool = pool("job-watcher-http-", HTTP_THREADS);
    this.automations = new AutomationCalls(clients, ssmPool, clock, polling.automationInterval());
    this.checks = new HttpChecks(polling.httpTimeout(), httpPool, clock);
  }

  private static ExecutorService pool(String name, int threads) {
    AtomicInteger next = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread t = new Thread(task, name + next.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * One cycle: applies the calls that answered, starts those due, and answers the ends decided, by
   * partition. An end not written is decided again on the next cycle (from what was seen, so the
   * same end); one written is applied to the state, which then no longer lists the action.
   */
  public Map<Integer, List<WaveEvent>> cycle(
      Map<Integer, WatchState.Snapshot> snapshots, Instant now) {
    Map<Integer, List<WaveEvent>> ends = new TreeMap<>();
    Set<ActionKey> following = new HashSet<>();
    for (Map.Entry<Integer, WatchState.Snapshot> partition : snapshots.entrySet()) {
      WatchState.Snapshot snapshot = partition.getValue();
      for (WatchedAction action : snapshot.actions().values()) {
        following.add(action.key());
        String givenUp = snapshot.abandonedActions().get(action.key());
        ActionDecisions.Step step =
            givenUp != null
                ? new ActionDecisions.End(ActionDecisions.abandoned(action, givenUp, now))
                : step(action, now);
        if (step instanceof ActionDecisions.End end) {
          ends.computeIfAbsent(partition.getKey(), p -> new ArrayList<>())
              .add(WaveEvent.newBuilder().setEvent(end.ended()).build());
        }
      }
    }
    // Actions that ended, or whose partition went elsewhere: a call still in flight finishes on
    // its own, and nobody applies it.
    progress.keySet().retainAll(following);
    followed = progress.size();
    return ends;
  }

  private ActionDecisions.Step step(WatchedAction action, Instant now) {
    ActionProgress seen = progress.computeIfAbsent(action.key(), k -> new ActionProgress());
    if (!seen.settled(now, polling.automationInterval())) {
      return ActionDecisions.Call.WAIT;
    }
    ActionDecisions.Step step = ActionDecisions.next(action, seen, now);
    if (step instanceof ActionDecisions.Call call && call != ActionDecisions.Call.WAIT) {
      try {
        seen.calling(start(call, action));
      } catch (RejectedExecutionException e) {
        // closing: the next owner of the partition follows the action
      }
    }
    return step;
  }

  private CompletableFuture<Consumer<ActionProgress>> start(
      ActionDecisions.Call call, WatchedAction action) {
    if (call == ActionDecisions.Call.READ) {
      return automations.read(action);
    }
    if (call == ActionDecisions.Call.STOP) {
      return automations.stop(action);
    }
    return checks.check(action);
  }

  /** Actions followed at the end of the last cycle. */
  public int followed() {
    return followed;
  }

  @Override
  public void close() {
    ssmPool.shutdownNow();
    httpPool.shutdownNow();
    try {
      if (!ssmPool.awaitTermination(5, TimeUnit.SECONDS)
          || !httpPool.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("action calls still running on the way out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
