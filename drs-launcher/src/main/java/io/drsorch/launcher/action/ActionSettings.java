package io.drsorch.launcher.action;

import java.time.Duration;

/**
 * How the launcher starts SSM automations (see {@code application.properties}).
 *
 * @param attempts how many times StartAutomationExecution is tried in all while SSM answers what
 *     may pass (throttling, its own faults, unreachable); the client token makes every try the same
 *     start
 * @param firstWait the wait after the first such failure, doubling after each one ({@link
 *     io.drsorch.launcher.Backoff})
 * @param longestWait the longest wait between two tries: the tries of one command hold up the
 *     commit of its whole poll, which must end well within {@code max.poll.interval.ms}
 */
public record ActionSettings(int attempts, Duration firstWait, Duration longestWait) {

  public ActionSettings {
    if (attempts < 1) {
      throw new IllegalArgumentException(
          "launcher.action-attempts must be 1 or more, got " + attempts);
    }
    if (firstWait.isNegative() || longestWait.compareTo(firstWait) < 0) {
      throw new IllegalArgumentException(
          "launcher.action-first-wait must be at least 0 and at most"
              + " launcher.action-longest-wait");
    }
  }
}
