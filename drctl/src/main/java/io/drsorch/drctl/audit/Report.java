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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * What an audit report shows of one execution: who asked for what, each wave's span and outcome in
 * dependency order, each DRS job's span, and the critical path. Built from the execution's final
 * status view and its wave events.
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
    List<WaveSpan> waves,
    List<JobSpan> jobs,
    List<String> criticalPath) {

  /** One DRS job: from the launch that created it to its COMPLETED status (null while running). */
  public record JobSpan(
      String jobId, String waveId, int attempt, Instant startedAt, Instant endedAt) {}

  public Duration duration() {
    return endedAt == null ? null : Duration.between(startedAt, endedAt);
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
        waves,
        jobs(records),
        CriticalPath.of(waves));
  }

  private static WaveSpan span(WaveView w) {
    int launched = 0;
    List<String> failed = new ArrayList<>();
    for (ServerLaunch s : w.getServers()) {
      if (s.getLaunchStatus() == LaunchStatus.LAUNCHED) {
        launched++;
      } else if (s.getLaunchStatus() == LaunchStatus.FAILED
          || s.getLaunchStatus() == LaunchStatus.TERMINATED) {
        failed.add(s.getSourceServerId() + " " + s.getLaunchStatus());
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
        w.getReason());
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
