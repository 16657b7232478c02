package io.drsorch.watcher.action;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the watcher has seen of one followed action since it started following it, in memory: the
 * last reading of its automation or of its URL, how its stop went, when to call next, and the call
 * in flight. A call runs on another thread and hands back an update, which the poller thread
 * applies ({@link #settled}): only the poller thread reads or changes it. After a restart or a
 * rebalance it starts empty, and the next call finds out where the action stands.
 */
final class ActionProgress {

  private CompletableFuture<Consumer<ActionProgress>> inFlight;
  private Instant nextCallAt;

  private AutomationReading automation;
  private Instant lastReadAt;
  private CallRefusal readRefusal;
  private boolean readAgain;

  private boolean stopped;
  private int stopFailures;
  private CallRefusal stopRefusal;

  private HttpReading http;
  private int checks;

  /**
   * Applies the update of the call in flight once it is done.
   *
   * @return false while a call is still in flight: nothing is to be decided until it answers
   */
  boolean settled(Instant now, Duration retryAfterFailure) {
    if (inFlight == null) {
      return true;
    }
    if (!inFlight.isDone()) {
      return false;
    }
    CompletableFuture<Consumer<ActionProgress>> done = inFlight;
    inFlight = null;
    try {
      done.join().accept(this);
    } catch (RuntimeException e) {
      // A call that failed in an unforeseen way says nothing of the action: call again later.
      nextCallAt = now.plus(retryAfterFailure);
    }
    return true;
  }

  void calling(CompletableFuture<Consumer<ActionProgress>> call) {
    inFlight = call;
  }

  /** True when the next call is due. */
  boolean due(Instant now) {
    return nextCallAt == null || !now.isBefore(nextCallAt);
  }

  void read(AutomationReading reading, Instant at, Instant next) {
    automation = reading;
    lastReadAt = at;
    readRefusal = null;
    readAgain = false;
    nextCallAt = next;
  }

  void readFailed(CallRefusal refusal, Instant at, Instant next) {
    readRefusal = refusal;
    lastReadAt = at;
    readAgain = false;
    nextCallAt = next;
  }

  void stopped(Instant next) {
    stopped = true;
    nextCallAt = next;
  }

  /**
   * @param alreadyOver SSM refused the stop because the automation no longer runs: read it again to
   *     learn how it ended
   */
  void stopFailed(CallRefusal refusal, boolean alreadyOver, Instant next) {
    stopFailures++;
    stopRefusal = refusal;
    readAgain = alreadyOver;
    nextCallAt = next;
  }

  void checked(HttpReading reading, Instant next) {
    http = reading;
    checks++;
    nextCallAt = next;
  }

  /** The last successful GetAutomationExecution; null before the first. */
  AutomationReading automation() {
    return automation;
  }

  /** When the last GetAutomationExecution answered, or failed; null before the first. */
  Instant lastReadAt() {
    return lastReadAt;
  }

  /** Why the last GetAutomationExecution failed; null when it answered. */
  CallRefusal readRefusal() {
    return readRefusal;
  }

  /** A stop found the automation over: it must be read again before its end is told. */
  boolean readAgain() {
    return readAgain;
  }

  boolean stopped() {
    return stopped;
  }

  int stopFailures() {
    return stopFailures;
  }

  CallRefusal stopRefusal() {
    return stopRefusal;
  }

  /** The last HTTP check's result; null before the first. */
  HttpReading http() {
    return http;
  }

  /** HTTP checks made so far. */
  int checks() {
    return checks;
  }
}
