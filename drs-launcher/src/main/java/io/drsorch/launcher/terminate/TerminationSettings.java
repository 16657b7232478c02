package io.drsorch.launcher.terminate;

import java.time.Duration;

/**
 * How the launcher terminates recovery instances (see {@code application.properties}).
 *
 * @param maxInstancesPerCall instances per TerminateRecoveryInstances call: DRS takes 1 to 200
 * @param attempts how many times a survey and its calls are tried in all before a failure that may
 *     pass (throttling, DRS's own faults, DRS unreachable, a conflict) is reported
 * @param firstWait the wait after the first such failure, doubling after each one ({@link
 *     io.drsorch.launcher.Backoff})
 * @param longestWait the longest wait between two tries, also for DRS's {@code Retry-After}: the
 *     tries of one command hold up the commit of its whole poll, which must end well within {@code
 *     max.poll.interval.ms}
 * @param clockSkew how far the scheduler's clock may be ahead of DRS's: TERMINATE jobs are searched
 *     from when the command was written, less this
 */
public record TerminationSettings(
    int maxInstancesPerCall,
    int attempts,
    Duration firstWait,
    Duration longestWait,
    Duration clockSkew) {

  /** DRS's limit of instances per TerminateRecoveryInstances call (the model's 1..200). */
  public static final int DRS_MAX_INSTANCES_PER_CALL = 200;

  public TerminationSettings {
    if (maxInstancesPerCall < 1 || maxInstancesPerCall > DRS_MAX_INSTANCES_PER_CALL) {
      throw new IllegalArgumentException(
          "drs.max-instances-per-terminate must be 1 to "
              + DRS_MAX_INSTANCES_PER_CALL
              + ", got "
              + maxInstancesPerCall);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException(
          "launcher.termination-attempts must be 1 or more, got " + attempts);
    }
    if (firstWait.isNegative() || longestWait.compareTo(firstWait) < 0) {
      throw new IllegalArgumentException(
          "launcher.termination-first-wait must be at least 0 and at most"
              + " launcher.termination-longest-wait");
    }
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("launcher.dedupe-clock-skew must not be negative");
    }
  }
}
