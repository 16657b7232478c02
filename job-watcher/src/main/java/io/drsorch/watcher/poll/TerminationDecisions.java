package io.drsorch.watcher.poll;

import io.drsorch.avro.JobStatus;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.TerminationEnded;
import io.drsorch.avro.WaveEvent;
import io.drsorch.drsclient.Target;
import io.drsorch.watcher.state.JobObservation;
import io.drsorch.watcher.state.ServerObservation;
import io.drsorch.watcher.state.WatchState;
import io.drsorch.watcher.state.WatchedTermination;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Decides the end of drill-cleanup terminations: one TerminationEnded once every TERMINATE job of a
 * TerminationStarted is COMPLETED. Pure, like {@link WatchDecisions}: it reads a snapshot, the
 * jobs' state as known, and the errors read from DRS before, and returns events.
 *
 * <p>No JobStatusChanged is decided for a TERMINATE job: that record names a wave, and the
 * scheduler follows a cleanup only by its TerminationStarted and TerminationEnded.
 *
 * <p>The id of a TerminationEnded is name-based on its request, so one decided twice (after a
 * restart, or by two instances during a rebalance) carries the same id.
 */
public final class TerminationDecisions {

  private TerminationDecisions() {}

  /**
   * The jobs whose failures {@link #decide} will report: those with a server not TERMINATED, in the
   * terminations these jobs end. Read their words from DRS ({@link
   * JobLogErrors#terminationFailures}) before deciding.
   *
   * @param jobs every TERMINATE job's state as known now (remembered and just polled, merged)
   */
  public static Set<String> failedJobsOfEndingTerminations(
      WatchState.Snapshot state, Target target, Map<String, JobObservation> jobs) {
    Set<String> failed = new LinkedHashSet<>();
    for (WatchedTermination termination : terminationsOf(state, target)) {
      if (state.abandonedTerminations().containsKey(termination.key())
          || !allCompleted(termination, jobs)) {
        continue;
      }
      for (String jobId : termination.jobIds()) {
        if (jobs.get(jobId).servers().values().stream()
            .anyMatch(server -> server.launchStatus() != LaunchStatus.TERMINATED)) {
          failed.add(jobId);
        }
      }
    }
    return failed;
  }

  /**
   * @param target only terminations of this region and role are decided (the jobs are its)
   * @param jobs every TERMINATE job's state as known now (remembered and just polled, merged)
   * @param errors DRS's rawError by server, by job: at least for the jobs {@link
   *     #failedJobsOfEndingTerminations} names; a job missing here is reported without DRS's words
   */
  public static List<WaveEvent> decide(
      WatchState.Snapshot state,
      Target target,
      Map<String, JobObservation> jobs,
      Instant now,
      Map<String, Map<String, String>> errors) {
    List<WaveEvent> events = new ArrayList<>();
    for (WatchedTermination termination : terminationsOf(state, target)) {
      String givenUp = state.abandonedTerminations().get(termination.key());
      if (givenUp != null) {
        events.add(wrap(abandoned(termination, givenUp, now)));
      } else if (allCompleted(termination, jobs)) {
        events.add(wrap(ended(termination, jobs, now, errors)));
      }
    }
    return events;
  }

  private static List<WatchedTermination> terminationsOf(WatchState.Snapshot state, Target target) {
    return state.terminations().values().stream().filter(t -> t.target().equals(target)).toList();
  }

  /** True for a termination without jobs too: there is nothing to wait for. */
  private static boolean allCompleted(
      WatchedTermination termination, Map<String, JobObservation> jobs) {
    return termination.jobIds().stream()
        .allMatch(id -> jobs.containsKey(id) && jobs.get(id).status() == JobStatus.COMPLETED);
  }

  /**
   * An instance is terminated when its server's launchStatus in a TERMINATE job is TERMINATED;
   * every other instance of the request failed, with the reason: its status and job and DRS's
   * words, or that no job names it.
   */
  private static TerminationEnded ended(
      WatchedTermination termination,
      Map<String, JobObservation> jobs,
      Instant now,
      Map<String, Map<String, String>> errors) {
    // The instances DRS no longer listed when the cleanup was asked for count as terminated: they
    // are gone, which is all a cleanup wants, and the scheduler must not report them as left over.
    Set<String> terminated = new LinkedHashSet<>(termination.alreadyGone());
    Set<String> failed = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();
    Set<String> named = new LinkedHashSet<>();
    for (String jobId : termination.jobIds()) {
      for (Map.Entry<String, ServerObservation> entry :
          new TreeMap<>(jobs.get(jobId).servers()).entrySet()) {
        String serverId = entry.getKey();
        ServerObservation server = entry.getValue();
        String instance = server.recoveryInstanceId();
        if (instance == null) {
          // Nothing to attribute it to; the request's instance stays unaccounted for below.
          if (server.launchStatus() != LaunchStatus.TERMINATED) {
            reasons.add(failure(serverId + "'s instance", serverId, server, jobId, errors));
          }
          continue;
        }
        named.add(instance);
        if (server.launchStatus() == LaunchStatus.TERMINATED) {
          terminated.add(instance);
        } else if (!terminated.contains(instance) && failed.add(instance)) {
          reasons.add(failure(instance + " (" + serverId + ")", serverId, server, jobId, errors));
        }
      }
    }
    for (String instance : termination.recoveryInstanceIds()) {
      if (!named.contains(instance) && !terminated.contains(instance) && failed.add(instance)) {
        reasons.add(instance + " is in none of the termination's jobs");
      }
    }
    // Terminated by one job, failed in another (a retry): it is gone.
    failed.removeAll(terminated);
    return builder(termination, now)
        .setTerminatedInstanceIds(List.copyOf(terminated))
        .setFailedInstanceIds(List.copyOf(failed))
        .setReason(
            failed.isEmpty()
                ? null
                : failed.size()
                    + " of "
                    + (failed.size() + terminated.size())
                    + " instances not terminated: "
                    + WatchDecisions.bounded(reasons))
        .build();
  }

  /** "{what} {launchStatus} in {job}", and DRS's words for that server when it gave them. */
  private static String failure(
      String what,
      String serverId,
      ServerObservation server,
      String jobId,
      Map<String, Map<String, String>> errors) {
    String rawError = errors.getOrDefault(jobId, Map.of()).get(serverId);
    return what
        + " "
        + server.launchStatus()
        + " in "
        + jobId
        + (rawError == null ? "" : ": " + rawError);
  }

  /**
   * The end of a termination the watcher gave up on (Kafka kept refusing its report): nobody can
   * say which instances went, so every instance of the request that was not gone before is listed
   * as failed, and the reason says why.
   */
  static TerminationEnded abandoned(WatchedTermination termination, String reason, Instant now) {
    Set<String> gone = new LinkedHashSet<>(termination.alreadyGone());
    List<String> unknown =
        termination.recoveryInstanceIds().stream().filter(i -> !gone.contains(i)).toList();
    return builder(termination, now)
        .setTerminatedInstanceIds(List.copyOf(gone))
        .setFailedInstanceIds(unknown)
        .setReason(reason)
        .build();
  }

  private static TerminationEnded.Builder builder(WatchedTermination termination, Instant now) {
    String name = "TerminationEnded|" + termination.key().requestId();
    return TerminationEnded.newBuilder()
        .setId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString())
        .setExecutionId(termination.key().executionId())
        .setOccurredAt(now)
        .setCausationId(termination.startedId())
        .setRequestId(termination.key().requestId())
        .setJobIds(termination.jobIds());
  }

  private static WaveEvent wrap(Object event) {
    return WaveEvent.newBuilder().setEvent(event).build();
  }
}
