package io.drsorch.scheduler.core;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids: a name-based UUID of what the record is about, so that reprocessing the same
 * input (after a crash, or a replay) produces records with the same ids, which consumers dedupe.
 */
public final class Ids {

  private Ids() {}

  public static String of(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("/", parts).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** The contract id of one wave launch attempt, tagged on its DRS jobs. */
  public static String requestId(String executionId, String waveId, int attempt) {
    return executionId + "/" + waveId + "/" + attempt;
  }

  /**
   * The contract id of one wave action: execution, wave, the launch attempt it runs at (0 before
   * the first launch), phase and index. The SSM client token is derived from it, so a start made
   * again after a crash is the same start.
   */
  public static String actionRequestId(
      String executionId, String waveId, int attempt, String phase, int index) {
    return executionId + "/" + waveId + "/" + attempt + "/" + phase + "/" + index;
  }
}
