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
}
