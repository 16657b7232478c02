package io.drsorch.launcher.launch;

import io.drsorch.avro.LaunchWave;
import java.util.Map;

/**
 * The tags the launcher puts on every DRS job. StartRecovery has no idempotency token, so these
 * tags are how a job is traced back to the wave attempt (and chunk) that asked for it.
 */
public final class JobTags {

  public static final String EXECUTION_ID = "drsorch:execution-id";
  public static final String WAVE_ID = "drsorch:wave-id";
  public static final String ATTEMPT = "drsorch:attempt";
  public static final String REQUEST_ID = "drsorch:request-id";

  /** Which chunk of the wave the job launched, as {@code index/count}, 1-based. */
  public static final String CHUNK = "drsorch:chunk";

  private JobTags() {}

  static Map<String, String> of(LaunchWave command, int chunkIndex, int chunkCount) {
    return Map.of(
        EXECUTION_ID, command.getExecutionId(),
        WAVE_ID, command.getWaveId(),
        ATTEMPT, Integer.toString(command.getAttempt()),
        REQUEST_ID, command.getRequestId(),
        CHUNK, (chunkIndex + 1) + "/" + chunkCount);
  }

  /** Whether a job's tags say it was launched for the command's execution and wave. */
  static boolean sameWave(Map<String, String> tags, LaunchWave command) {
    return command.getExecutionId().equals(tags.get(EXECUTION_ID))
        && command.getWaveId().equals(tags.get(WAVE_ID));
  }

  /** The 0-based chunk index of a tagged job; 0 when the tag is missing or unreadable. */
  static int chunkIndex(Map<String, String> tags) {
    String chunk = tags.get(CHUNK);
    if (chunk == null) {
      return 0;
    }
    try {
      int slash = chunk.indexOf('/');
      return Integer.parseInt(slash < 0 ? chunk : chunk.substring(0, slash)) - 1;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
