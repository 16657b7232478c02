package io.drsorch.watcher.state;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.WaveAction;
import io.drsorch.drsclient.Target;
import java.time.Instant;

/**
 * A wave action being followed to its end, as its WaveActionStarted told.
 *
 * @param action its definition: the type, the URL and expected status of an HTTP check, the minutes
 *     it may take
 * @param target the region of its automation, and the role its account is reached with (or none)
 * @param deadline when it ends TIMED_OUT (an automation still running is stopped then), fixed when
 *     the scheduler asked for it: a restart never extends it
 * @param automationExecutionId the SSM automation of an SSM_AUTOMATION; null for an HTTP check
 * @param startedId id of the WaveActionStarted: the causationId of its WaveActionEnded
 * @param origin the record of that WaveActionStarted, or null when it was not read from the topic
 */
public record WatchedAction(
    ActionKey key,
    String waveId,
    ActionPhase phase,
    int index,
    WaveAction action,
    Target target,
    Instant deadline,
    String automationExecutionId,
    String startedId,
    Origin origin) {

  public boolean isAutomation() {
    return action.getType() == ActionType.SSM_AUTOMATION;
  }
}
