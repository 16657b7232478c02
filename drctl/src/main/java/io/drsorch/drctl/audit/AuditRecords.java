package io.drsorch.drctl.audit;

import io.drsorch.avro.RunWaveAction;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import java.util.List;

/**
 * An execution's records as the audit reads them.
 *
 * @param execution what the replay takes: the scheduler's inputs, its launches and its history
 * @param actionRuns the RunWaveAction commands the scheduler sent to run wave actions
 *     (drs.wave-commands): its decisions, not its inputs, so the replay does not take them; the
 *     timeline shows them next to the LaunchWave commands
 */
public record AuditRecords(ExecutionRecords execution, List<Recorded<RunWaveAction>> actionRuns) {}
