package io.drsorch.drctl.audit;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.avro.WaveView;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * What an audit report shows of one execution: who asked for what, each wave's span and outcome in
 * dependency order (with its approval, optional servers that did not launch, what a retry carried
 * over, and its before and after actions as steps), each DRS job's span, the operator's commands
 * and what they changed, and the critical path. Built from the execution's final status view, its
 * wave events, its commands and its history.
 *
 * @param retryOf the execution this one retries; null if it is not a retry
 * @param pausedBy who paused it, while it is paused; null otherwise
 * @param evidence point in time, pre-flight, recovery time and recovery points
 */
public record Report(
    String executionId,
    String planId,
    long planVersion,
    String planName,
    String mode,
    String requestedBy,
    String status,
    String reason,
    Instant startedAt,
    Instant endedAt,
    String retryOf,
    String pausedBy,
    Instant pausedAt,
    List<WaveSpan> waves,
    List<JobSpan> jobs,
    List<OperatorAction> actions,
    List<String> criticalPath,
    RecoveryEvidence evidence) {

  /** One DRS job: from the launch that created it to its COMPLETED status (null while running). */
  public record JobSpan(
      String jobId, String waveId, int attempt, Instant startedAt, Instant endedAt) {}

  public Duration duration() {
    return endedAt == null ? null : Duration.between(startedAt, endedAt);
  }

  /** The critical path's time, split; null while its last wave has not ended. */
  public CriticalPath.Time criticalPathTime() {
    return CriticalPath.timeOn(criticalPath, waves, startedAt);
  }

  /** Whether any wave reached an approval gate: then the report says how waits were counted. */
  public boolean hasApprovals() {
    return waves.stream().anyMatch(w -> w.approval() != null);
  }

  public static Report of(ExecutionRecords records) {
    ExecutionUpdated view = records.lastView();
    if (view == null) {
      throw new CliException(
          "execution " + records.executionId() + " has no status view on drs.executions");
    }
    List<WaveSpan> waves = new ArrayList<>();
    for (WaveView w : view.getWaves()) {
      waves.add(span(w));
    }
    waves = CriticalPath.dependencyOrder(waves);
    ExecutionRequested request =
        records.requests().isEmpty() ? null : records.requests().get(0).value();
    return new Report(
        view.getExecutionId(),
        view.getPlanId(),
        view.getPlanVersion(),
        view.getPlanName(),
        view.getMode().name(),
        request == null ? view.getRequestedBy() : request.getRequestedBy(),
        view.getStatus().name(),
        view.getReason(),
        view.getStartedAt(),
        view.getEndedAt(),
        view.getRetryOf(),
        view.getPausedBy(),
        view.getPausedAt(),
        waves,
        jobs(records),
        OperatorAction.all(records),
        CriticalPath.of(waves),
        RecoveryEvidence.of(view));
  }

  private static WaveSpan span(WaveView w) {
    Set<String> optional = new HashSet<>(w.getOptionalServerIds());
    optional.addAll(w.getFailedOptionalServers());
    int launched = 0;
    List<WaveSpan.FailedServer> failed = new ArrayList<>();
    for (ServerLaunch s : w.getServers()) {
      String id = s.getSourceServerId();
      if (s.getLaunchStatus() == LaunchStatus.LAUNCHED) {
        launched++;
      } else if (s.getLaunchStatus() == LaunchStatus.FAILED
          || s.getLaunchStatus() == LaunchStatus.TERMINATED
          || w.getFailedOptionalServers().contains(id)) {
        failed.add(
            new WaveSpan.FailedServer(id, s.getLaunchStatus().name(), optional.contains(id)));
      }
    }
    return new WaveSpan(
        w.getWaveId(),
        w.getName(),
        List.copyOf(w.getDependsOn()),
        w.getStatus().name(),
        w.getStartedAt(),
        w.getEndedAt(),
        List.copyOf(w.getJobIds()),
        w.getServers().size(),
        launched,
        failed,
        w.getReason(),
        w.getWaitingSince() == null && w.getApprovedBy() == null
            ? null
            : new WaveSpan.Approval(
                w.getWaitingSince(), w.getApprovedBy(), w.getApprovedAt(), w.getComment()),
        w.getCarriedOverFrom() == null && w.getOverrideBy() == null
            ? null
            : new WaveSpan.CarryOver(w.getCarriedOverFrom(), w.getOverrideBy()),
        w.getActions().stream().map(ActionStep::of).toList());
  }

  private static List<JobSpan> jobs(ExecutionRecords records) {
    Map<String, JobSpan> jobs = new LinkedHashMap<>();
    for (Recorded<SpecificRecord> r : records.waveEvents()) {
      if (r.value() instanceof WaveLaunched launched) {
        for (String jobId : launched.getJobIds()) {
          jobs.putIfAbsent(
              jobId,
              new JobSpan(
                  jobId,
                  launched.getWaveId(),
                  launched.getAttempt(),
                  launched.getOccurredAt(),
                  null));
        }
      }
    }
    for (Recorded<SpecificRecord> r : records.waveEvents()) {
      if (r.value() instanceof JobStatusChanged changed) {
        JobSpan known = jobs.get(changed.getJobId());
        Instant start = known == null ? changed.getOccurredAt() : known.startedAt();
        Instant end = known == null ? null : known.endedAt();
        if (end == null && "COMPLETED".equals(changed.getStatus().name())) {
          end = changed.getOccurredAt();
        }
        jobs.put(
            changed.getJobId(),
            new JobSpan(changed.getJobId(), changed.getWaveId(), changed.getAttempt(), start, end));
      }
    }
    return List.copyOf(jobs.values());
  }
}
