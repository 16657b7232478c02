package io.drsorch.watcher.action;

import java.time.Duration;

/**
 * How the watcher follows wave actions (see {@code application.properties}).
 *
 * @param automationInterval how often each running SSM automation is read (one
 *     GetAutomationExecution each time), {@code watcher.actions.automation-interval}
 * @param httpTimeout how long one HTTP check may take to connect and to answer, {@code
 *     watcher.actions.http-timeout}: a check that takes longer counts as no answer
 */
public record ActionPolling(Duration automationInterval, Duration httpTimeout) {

  /** What {@code application.properties} sets. */
  public static final ActionPolling DEFAULTS =
      new ActionPolling(Duration.ofSeconds(5), Duration.ofSeconds(5));

  public ActionPolling {
    if (automationInterval == null
        || automationInterval.isNegative()
        || automationInterval.isZero()) {
      throw new IllegalArgumentException(
          "watcher.actions.automation-interval must be positive, got " + automationInterval);
    }
    if (httpTimeout == null || httpTimeout.isNegative() || httpTimeout.isZero()) {
      throw new IllegalArgumentException(
          "watcher.actions.http-timeout must be positive, got " + httpTimeout);
    }
  }
}
