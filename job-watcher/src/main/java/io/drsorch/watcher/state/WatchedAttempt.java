package io.drsorch.watcher.state;

import io.drsorch.drsclient.Target;
import java.util.List;

/**
 * A launched wave attempt whose jobs are being watched.
 *
 * @param target the region of its jobs, and the role their account is reached with (or none)
 * @param launchedId id of the WaveLaunched that started the watch: the causationId of what follows
 * @param origin the record of that WaveLaunched, or null when it was not read from the topic
 */
public record WatchedAttempt(
    AttemptKey key,
    Target target,
    List<String> jobIds,
    List<String> sourceServerIds,
    String launchedId,
    Origin origin) {

  public WatchedAttempt {
    jobIds = List.copyOf(jobIds);
    sourceServerIds = List.copyOf(sourceServerIds);
  }

  public String region() {
    return target.region();
  }
}
