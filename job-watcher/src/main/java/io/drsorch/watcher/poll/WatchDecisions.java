package io.drsorch.watcher.poll;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveEvent;
import io.drsorch.avro.WaveFailed;
import io.drsorch.drsclient.Target;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.ServerObservation;
import io.drsorch.watcher.state.WatchState;
import io.drsorch.watcher.state.WatchedAttempt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides what a poll's observations mean: a JobStatusChanged for each job that moved forward, and
 * the end of each attempt whose jobs are all COMPLETED. Pure: it reads a snapshot and what was read
 * from DRS before (the jobs, the launch errors) and returns events, calling nothing; the state
 * changes only when those events are applied ({@link WatchState#evolve}).
 *
 * <p>The end of an attempt the watcher gave up on is a WaveFailed with the reason, and nothing else
 * is decided for it.
 *
 * <p>Ids are name-based on what they describe, so an event decided twice (after a restart, or by
 * two instances during a rebalance) carries the same id and consumers can recognise it.
 */
public final class WatchDecisions {

  private WatchDecisions() {}

  /**
   * The jobs whose launch errors {@link #decide} will report: those with a server not LAUNCHED, in
   * the attempts these observations end. Read them from DRS ({@link JobLogErrors#launchFailures})
   * before deciding.
   */
  public static Set<String> failedJobsOfEndingAttempts(
      WatchState.Snapshot state, Target target, Map<String, JobObservation> observed) {
    Set<String> jobs = new LinkedHashSet<>();
    for (WatchedAttempt attempt : attemptsOf(state, target)) {
      Map<String, JobObservation> projected = projected(state, attempt, observed);
      if (!state.abandoned().containsKey(attempt.key()) && allCompleted(attempt, projected)) {
        projected.forEach(
            (jobId, job) -> {
              if (job.servers().values().stream()
                  .anyMatch(server -> server.launchStatus() != LaunchStatus.LAUNCHED)) {
                jobs.add(jobId);
              }
            });
      }
    }
    return jobs;
  }

  /**
   * @param target only attempts of this region and role are decided (the observations are of its
   *     jobs)
   * @param launchErrors DRS's rawError by server, by job: at least for the jobs {@link
   *     #failedJobsOfEndingAttempts} names; a job missing here is reported without DRS's words
   */
  public static List<WaveEvent> decide(
      WatchState.Snapshot state,
      Target target,
      Map<String, JobObservation> observed,
      Instant now,
      Map<String, Map<String, String>> launchErrors) {
    List<WaveEvent> events = new ArrayList<>();
    for (WatchedAttempt attempt : attemptsOf(state, target)) {
      String givenUp = state.abandoned().get(attempt.key());
      if (givenUp != null) {
        events.add(wrap(abandoned(attempt, givenUp, now)));
        continue;
      }
      Map<String, JobObservation> projected = projected(state, attempt, observed);
      for (Map.Entry<String, JobObservation> job : projected.entrySet()) {
        if (!job.getValue().equals(state.jobs().get(job.getKey()))) {
          events.add(wrap(changed(attempt, job.getKey(), job.getValue(), now)));
        }
      }
      if (allCompleted(attempt, projected)) {
        events.add(wrap(ended(attempt, projected, now, launchErrors)));
      }
    }
    return events;
  }

  private static List<WatchedAttempt> attemptsOf(WatchState.Snapshot state, Target target) {
    return state.attempts().values().stream().filter(a -> a.target().equals(target)).toList();
  }

  /**
   * Each job of the attempt as it is once these observations are applied, in the attempt's order.
   */
  private static Map<String, JobObservation> projected(
      WatchState.Snapshot state, WatchedAttempt attempt, Map<String, JobObservation> observed) {
    Map<String, JobObservation> projected = new LinkedHashMap<>();
    for (String jobId : attempt.jobIds()) {
      JobObservation merged =
          JobObservation.mergeNullable(state.jobs().get(jobId), observed.get(jobId));
      if (merged != null) {
        projected.put(jobId, merged);
      }
    }
    return projected;
  }

  private static boolean allCompleted(WatchedAttempt attempt, Map<String, JobObservation> jobs) {
    return attempt.jobIds().stream()
        .allMatch(id -> jobs.containsKey(id) && jobs.get(id).status() == JobStatus.COMPLETED);
  }

  private static JobStatusChanged changed(
      WatchedAttempt attempt, String jobId, JobObservation job, Instant now) {
    List<ServerLaunch> servers = servers(jobId, job);
    return JobStatusChanged.newBuilder()
        .setId(id("JobStatusChanged", attempt, jobId, job.status(), canonical(servers)))
        .setExecutionId(attempt.key().executionId())
        .setOccurredAt(now)
        .setCausationId(attempt.launchedId())
        .setWaveId(attempt.key().waveId())
        .setAttempt(attempt.key().attempt())
        .setJobId(jobId)
        .setStatus(job.status())
        .setServers(servers)
        .build();
  }

  private static Object ended(
      WatchedAttempt attempt,
      Map<String, JobObservation> jobs,
      Instant now,
      Map<String, Map<String, String>> launchErrors) {
    List<ServerLaunch> servers = new ArrayList<>();
    for (String jobId : attempt.jobIds()) {
      servers.addAll(servers(jobId, jobs.get(jobId)));
    }
    Set<String> failed = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();
    for (ServerLaunch server : servers) {
      if (server.getLaunchStatus() != LaunchStatus.LAUNCHED) {
        failed.add(server.getSourceServerId());
        String rawError =
            launchErrors.getOrDefault(server.getJobId(), Map.of()).get(server.getSourceServerId());
        reasons.add(
            server.getSourceServerId()
                + " "
                + server.getLaunchStatus()
                + " in "
                + server.getJobId()
                + (rawError == null ? "" : ": " + rawError));
      }
    }
    Set<String> inJobs = new LinkedHashSet<>();
    servers.forEach(s -> inJobs.add(s.getSourceServerId()));
    for (String serverId : attempt.sourceServerIds()) {
      if (!inJobs.contains(serverId)) {
        failed.add(serverId);
        reasons.add(serverId + " is in none of the wave's jobs");
      }
    }
    if (failed.isEmpty()) {
      return WaveCompleted.newBuilder()
          .setId(id("WaveCompleted", attempt))
          .setExecutionId(attempt.key().executionId())
          .setOccurredAt(now)
          .setCausationId(attempt.launchedId())
          .setWaveId(attempt.key().waveId())
          .setAttempt(attempt.key().attempt())
          .setJobIds(attempt.jobIds())
          .setServers(servers)
          .build();
    }
    return failed(attempt, now)
        .setServers(servers)
        .setFailedServerIds(List.copyOf(failed))
        .setReason(
            failed.size()
                + " of "
                + Math.max(servers.size(), attempt.sourceServerIds().size())
                + " servers did not launch: "
                + bounded(reasons))
        .build();
  }

  /** A WaveFailed of {@code attempt} with its ids set; the caller adds servers and reason. */
  private static WaveFailed.Builder failed(WatchedAttempt attempt, Instant now) {
    return WaveFailed.newBuilder()
        .setId(id("WaveFailed", attempt))
        .setExecutionId(attempt.key().executionId())
        .setOccurredAt(now)
        .setCausationId(attempt.launchedId())
        .setWaveId(attempt.key().waveId())
        .setAttempt(attempt.key().attempt())
        .setJobIds(attempt.jobIds());
  }

  /**
   * The end of an attempt the watcher gave up on: failed, since nobody can say its servers
   * launched. Nothing but the attempt's ids, so that it fits where its full report did not.
   */
  static WaveFailed abandoned(WatchedAttempt attempt, String reason, Instant now) {
    return failed(attempt, now)
        .setServers(List.of())
        .setFailedServerIds(attempt.sourceServerIds())
        .setReason(reason)
        .build();
  }

  /**
   * The servers' reasons, as many as an answer lists ({@link PlanLimits#MAX_ERRORS}), each cut to
   * {@link PlanLimits#MAX_ERROR_MESSAGE_LENGTH}: DRS's raw errors are unbounded, and a wave of
   * thousands of failed servers must not make a WaveFailed larger than Kafka takes.
   */
  static String bounded(List<String> reasons) {
    List<String> listed = new ArrayList<>();
    for (String reason : reasons.subList(0, Math.min(reasons.size(), PlanLimits.MAX_ERRORS))) {
      int max = PlanLimits.MAX_ERROR_MESSAGE_LENGTH;
      listed.add(reason.length() <= max ? reason : reason.substring(0, max - 3) + "...");
    }
    String more =
        reasons.size() > listed.size() ? "; and " + (reasons.size() - listed.size()) + " more" : "";
    return String.join("; ", listed) + more;
  }

  private static List<ServerLaunch> servers(String jobId, JobObservation job) {
    List<ServerLaunch> servers = new ArrayList<>();
    for (Map.Entry<String, ServerObservation> entry :
        new java.util.TreeMap<>(job.servers()).entrySet()) {
      servers.add(
          ServerLaunch.newBuilder()
              .setSourceServerId(entry.getKey())
              .setLaunchStatus(entry.getValue().launchStatus())
              .setRecoveryInstanceId(entry.getValue().recoveryInstanceId())
              .setJobId(jobId)
              .build());
    }
    return servers;
  }

  private static String canonical(List<ServerLaunch> servers) {
    StringBuilder text = new StringBuilder();
    for (ServerLaunch s : servers) {
      text.append(s.getSourceServerId())
          .append('=')
          .append(s.getLaunchStatus())
          .append('@')
          .append(s.getRecoveryInstanceId())
          .append(',');
    }
    return text.toString();
  }

  private static String id(String type, WatchedAttempt attempt, Object... parts) {
    StringBuilder name = new StringBuilder(type).append('|').append(attempt.key());
    for (Object part : parts) {
      name.append('|').append(part);
    }
    return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static WaveEvent wrap(Object event) {
    return WaveEvent.newBuilder().setEvent(event).build();
  }
}
