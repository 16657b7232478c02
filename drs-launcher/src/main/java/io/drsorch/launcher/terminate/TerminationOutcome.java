package io.drsorch.launcher.terminate;

import java.util.List;

/** What became of one TerminateRecoveryInstances: every instance is in hand, or DRS refused. */
public sealed interface TerminationOutcome
    permits TerminationOutcome.Started, TerminationOutcome.Failed {

  /**
   * Every instance of the command is terminated by one of {@code jobIds} (some may predate this
   * command's handling: started before a crash, found again), or is already gone.
   *
   * @param recoveryInstanceIds the instances those jobs terminate, in the command's order
   * @param alreadyGone instances DRS no longer lists (terminated and deleted, by whomever), or
   *     lists as terminated or shutting down without a TERMINATE job found for them (terminated by
   *     other means): nothing to do for them
   */
  record Started(List<String> jobIds, List<String> recoveryInstanceIds, List<String> alreadyGone)
      implements TerminationOutcome {
    public Started {
      jobIds = List.copyOf(jobIds);
      recoveryInstanceIds = List.copyOf(recoveryInstanceIds);
      alreadyGone = List.copyOf(alreadyGone);
    }
  }

  /**
   * DRS refused (for good, or after the retries), or the command was refused before any call.
   *
   * @param notStarted the instances no TERMINATE job terminates, in the command's order
   * @param startedJobIds the jobs that did start before the failure, so that the instances they
   *     terminate are still tracked
   */
  record Failed(
      String errorCode, String message, List<String> notStarted, List<String> startedJobIds)
      implements TerminationOutcome {
    public Failed {
      notStarted = List.copyOf(notStarted);
      startedJobIds = List.copyOf(startedJobIds);
    }
  }
}
