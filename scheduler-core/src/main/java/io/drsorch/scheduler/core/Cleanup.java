package io.drsorch.scheduler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The cleanup of an ended drill: the termination of exactly the recovery instances it launched, one
 * request per region and account (each is one TerminateRecoveryInstances command, done by the
 * launcher and followed to its end by the watcher).
 *
 * @param requestedBy who asked, or {@link #TIMER} for the plan's drillCleanupAfterMinutes
 * @param instanceIds every instance to terminate, in the order the waves list their servers
 */
public record Cleanup(
    Status status,
    String requestedBy,
    Instant requestedAt,
    Instant endedAt,
    List<String> instanceIds,
    List<Request> requests,
    String reason) {

  /** Who asks when the plan's delay asks. */
  public static final String TIMER = "drillCleanupAfterMinutes";

  public enum Status {
    RUNNING,
    COMPLETED,
    FAILED
  }

  /** Where one request stands. */
  public enum RequestStatus {
    /** Sent to the launcher, no answer yet. */
    SENT,
    /** DRS accepted it: its TERMINATE jobs run. */
    RUNNING,
    /** Its jobs completed. */
    ENDED,
    /** DRS refused it. */
    FAILED
  }

  /**
   * The instances of one region and account (null: the services' own), reached through {@code
   * roleArn} when there is one.
   */
  public record Request(
      String requestId,
      String region,
      String accountId,
      String roleArn,
      List<String> instanceIds,
      RequestStatus status,
      List<String> jobIds,
      List<String> terminatedInstanceIds,
      String reason) {

    public Request {
      instanceIds = List.copyOf(instanceIds);
      jobIds = List.copyOf(jobIds);
      terminatedInstanceIds = List.copyOf(terminatedInstanceIds);
    }

    public boolean isOver() {
      return status == RequestStatus.ENDED || status == RequestStatus.FAILED;
    }

    Request with(
        RequestStatus newStatus, List<String> moreJobIds, List<String> terminated, String why) {
      return new Request(
          requestId,
          region,
          accountId,
          roleArn,
          instanceIds,
          newStatus,
          WaveState.union(jobIds, moreJobIds),
          WaveState.union(terminatedInstanceIds, terminated),
          why == null ? reason : why);
    }
  }

  public Cleanup {
    instanceIds = List.copyOf(instanceIds);
    requests = List.copyOf(requests);
  }

  public List<String> jobIds() {
    List<String> all = new ArrayList<>();
    requests.forEach(r -> all.addAll(r.jobIds()));
    return List.copyOf(all);
  }

  public List<String> terminatedInstanceIds() {
    List<String> all = new ArrayList<>();
    requests.forEach(r -> all.addAll(r.terminatedInstanceIds()));
    return List.copyOf(all);
  }

  public java.util.Optional<Request> request(String requestId) {
    return requests.stream().filter(r -> r.requestId().equals(requestId)).findFirst();
  }

  /**
   * This cleanup with one request changed; once every request is over it ends at {@code at}:
   * COMPLETED when every instance was terminated, FAILED (naming what was not) otherwise.
   */
  Cleanup withRequest(String requestId, UnaryOperator<Request> change, Instant at) {
    List<Request> changed =
        requests.stream().map(r -> r.requestId().equals(requestId) ? change.apply(r) : r).toList();
    if (!changed.stream().allMatch(Request::isOver)) {
      return new Cleanup(status, requestedBy, requestedAt, endedAt, instanceIds, changed, reason);
    }
    List<String> notTerminated = new ArrayList<>(instanceIds);
    changed.forEach(r -> notTerminated.removeAll(r.terminatedInstanceIds()));
    List<String> why = new ArrayList<>();
    changed.stream()
        .filter(
            r ->
                r.status() == RequestStatus.FAILED
                    || !r.terminatedInstanceIds().containsAll(r.instanceIds()))
        .forEach(
            r ->
                why.add(
                    r.region()
                        + (r.accountId() == null ? "" : "/" + r.accountId())
                        + ": "
                        + (r.reason() == null ? "not every instance was terminated" : r.reason())));
    boolean done = notTerminated.isEmpty();
    return new Cleanup(
        done ? Status.COMPLETED : Status.FAILED,
        requestedBy,
        requestedAt,
        at,
        instanceIds,
        changed,
        done
            ? null
            : Reasons.cut(
                notTerminated.size()
                    + " instance(s) not terminated ("
                    + String.join(", ", notTerminated)
                    + "): "
                    + String.join("; ", why)));
  }
}
