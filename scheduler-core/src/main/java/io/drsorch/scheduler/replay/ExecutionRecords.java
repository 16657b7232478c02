package io.drsorch.scheduler.replay;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.LaunchWave;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Everything the topics hold about one execution, each list in topic order.
 *
 * @param requests its ExecutionRequested, as produced (drs.execution-requests)
 * @param admitted the request as the scheduler admitted it (its internal admissions topic); empty
 *     when it was rejected
 * @param commands control commands (drs.execution-commands), unwrapped
 * @param launches LaunchWave commands the quota gate released to the launcher (drs.wave-commands)
 * @param waveEvents launcher, watcher and gate events (drs.wave-events), unwrapped
 * @param history the recorded status transitions (drs.execution-history or a copy)
 * @param views the status views still on the compacted drs.executions, oldest first
 * @param unreadable records of this execution's partitions that could not be decoded
 */
public record ExecutionRecords(
    String executionId,
    List<Recorded<ExecutionRequested>> requests,
    List<Recorded<ExecutionRequested>> admitted,
    List<Recorded<SpecificRecord>> commands,
    List<Recorded<LaunchWave>> launches,
    List<Recorded<SpecificRecord>> waveEvents,
    List<Recorded<ExecutionTransition>> history,
    List<Recorded<ExecutionUpdated>> views,
    List<Recorded<byte[]>> unreadable) {

  public boolean isEmpty() {
    return requests.isEmpty() && history.isEmpty() && views.isEmpty() && waveEvents.isEmpty();
  }

  /** The same records with another history: a copy of the history topic, or a tampered one. */
  public ExecutionRecords withHistory(List<Recorded<ExecutionTransition>> otherHistory) {
    return new ExecutionRecords(
        executionId,
        requests,
        admitted,
        commands,
        launches,
        waveEvents,
        otherHistory,
        views,
        unreadable);
  }

  /** The same records with other LaunchWave commands. */
  public ExecutionRecords withLaunches(List<Recorded<LaunchWave>> otherLaunches) {
    return new ExecutionRecords(
        executionId,
        requests,
        admitted,
        commands,
        otherLaunches,
        waveEvents,
        history,
        views,
        unreadable);
  }

  /** The latest status view, if the topic still has one. */
  public ExecutionUpdated lastView() {
    return views.isEmpty() ? null : views.get(views.size() - 1).value();
  }
}
