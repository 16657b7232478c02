package io.drsorch.scheduler.core;

import io.drsorch.schemas.limits.PlanLimits;

/**
 * Keeps the reasons an execution stores short. A reason often repeats what another service or a
 * user sent (a DRS error message, the job-watcher's list of every server that failed, a cancel
 * comment): kept whole, one wave of 5,000 failed servers would carry a reason of hundreds of
 * kilobytes into the execution's state, its view and its history, and the state record would
 * outgrow what the broker accepts. The view lists every server's launch status anyway, so the
 * reason's head is enough.
 */
public final class Reasons {

  /** A reason is an error message: the same bound as every error message of a plan. */
  public static final int MAX_LENGTH = PlanLimits.MAX_ERROR_MESSAGE_LENGTH;

  private Reasons() {}

  /**
   * {@code reason} cut to at most {@link #MAX_LENGTH} characters, saying how long it was. A cut
   * reason is never cut again (it already fits), so a state read back from the store is unchanged.
   */
  public static String cut(String reason) {
    if (reason == null || reason.length() <= MAX_LENGTH) {
      return reason;
    }
    String tail = "... (" + reason.length() + " characters)";
    return reason.substring(0, MAX_LENGTH - tail.length()) + tail;
  }
}
