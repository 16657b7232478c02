package io.drsorch.launcher.launch;

import io.drsorch.avro.LaunchWave;
import java.util.Map;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * How a launch finds the DRS jobs already started for its wave, so that a command read again after
 * a crash, or a retry after a lost answer, adopts them instead of launching the servers twice.
 */
@FunctionalInterface
public interface StartedJobs {

  /** Job ids by 0-based chunk index; empty when the wave has no job yet. */
  Map<Integer, String> find(DrsClient drs, LaunchWave command);
}
