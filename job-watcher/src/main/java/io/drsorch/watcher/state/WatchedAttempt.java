package io.drsorch.watcher.state;

import java.util.List;

/**
 * A launched wave attempt whose jobs are being watched.
 *
 * @param launchedId id of the WaveLaunched that started the watch: the causationId of what follows
 */
public record WatchedAttempt(
    AttemptKey key,
    String region,
    List<String> jobIds,
    List<String> sourceServerIds,
    String launchedId) {

  public WatchedAttempt {
    jobIds = List.copyOf(jobIds);
    sourceServerIds = List.copyOf(sourceServerIds);
  }
}
