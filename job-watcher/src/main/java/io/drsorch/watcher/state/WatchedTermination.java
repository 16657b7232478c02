package io.drsorch.watcher.state;

import io.drsorch.drsclient.Target;
import java.util.List;

/**
 * A termination request whose TERMINATE jobs are being watched, as its TerminationStarted told.
 *
 * @param target the region of its jobs, and the role their account is reached with (or none)
 * @param recoveryInstanceIds the instances its jobs terminate
 * @param alreadyGone instances DRS no longer listed when the request was made: terminated before
 * @param startedId id of the TerminationStarted: the causationId of its TerminationEnded
 * @param origin the record of that TerminationStarted, or null when it was not read from the topic
 */
public record WatchedTermination(
    TerminationKey key,
    Target target,
    List<String> jobIds,
    List<String> recoveryInstanceIds,
    List<String> alreadyGone,
    String startedId,
    Origin origin) {

  public WatchedTermination {
    jobIds = List.copyOf(jobIds);
    recoveryInstanceIds = List.copyOf(recoveryInstanceIds);
    alreadyGone = List.copyOf(alreadyGone);
  }
}
