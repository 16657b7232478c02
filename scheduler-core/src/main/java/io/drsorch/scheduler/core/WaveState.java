package io.drsorch.scheduler.core;

import io.drsorch.avro.WaveStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One wave of one execution: its frozen definition (servers, region, account and the role to assume
 * there, dependencies) and where it stands. {@code attempt} is the launch attempt in flight or last
 * made (0 before the first launch); {@code retryDueAt} is set while a retry waits for its backoff
 * to elapse; {@code queued} while the attempt waits at the quota gate for DRS job capacity (it is
 * LAUNCHING meanwhile). {@code reason} is kept to {@link Reasons#MAX_LENGTH} characters.
 */
public record WaveState(
    String waveId,
    String name,
    String region,
    String accountId,
    String roleArn,
    List<String> sourceServerIds,
    List<String> dependsOn,
    Integer timeoutMinutes,
    WaveStatus status,
    int attempt,
    List<String> jobIds,
    Instant startedAt,
    Instant endedAt,
    String reason,
    Instant retryDueAt,
    List<ServerState> servers,
    boolean queued) {

  public WaveState {
    reason = Reasons.cut(reason);
    sourceServerIds = List.copyOf(sourceServerIds);
    dependsOn = List.copyOf(dependsOn);
    jobIds = List.copyOf(jobIds);
    servers = List.copyOf(servers);
  }

  /** A wave not launched yet, every server PENDING. */
  public static WaveState pending(
      String waveId,
      String name,
      String region,
      String accountId,
      String roleArn,
      List<String> sourceServerIds,
      List<String> dependsOn,
      Integer timeoutMinutes) {
    return new WaveState(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        WaveStatus.PENDING,
        0,
        List.of(),
        null,
        null,
        null,
        null,
        sourceServerIds.stream().map(ServerState::pending).toList(),
        false);
  }

  /** LAUNCHING or RUNNING: DRS may be working on it. */
  public boolean isActive() {
    return status == WaveStatus.LAUNCHING || status == WaveStatus.RUNNING;
  }

  public boolean isTerminal() {
    return switch (status) {
      case COMPLETED, FAILED, SKIPPED, TIMED_OUT, CANCELLED -> true;
      default -> false;
    };
  }

  /** A launch attempt that DRS refused and that waits for its retry: nothing runs at DRS. */
  public boolean isWaitingForRetry() {
    return status == WaveStatus.LAUNCHING && retryDueAt != null;
  }

  /**
   * The attempt's LaunchWave went to the quota gate and no release has been sent for it yet: its
   * DRS jobs count (or will count) against the account and region's quota.
   */
  public boolean holdsJobSlots() {
    return isActive() && attempt > 0 && !isWaitingForRetry();
  }

  WaveState launching(int newAttempt, Instant at) {
    return new WaveState(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        WaveStatus.LAUNCHING,
        newAttempt,
        jobIds,
        startedAt == null ? at : startedAt,
        endedAt,
        reason,
        null,
        servers,
        false);
  }

  WaveState retryAt(Instant dueAt, String why) {
    return new WaveState(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        status,
        attempt,
        jobIds,
        startedAt,
        endedAt,
        why,
        dueAt,
        servers,
        false);
  }

  /** The attempt waits at the quota gate; {@code why} says for what and where it stands in line. */
  WaveState deferred(String why) {
    return new WaveState(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        status,
        attempt,
        jobIds,
        startedAt,
        endedAt,
        why,
        retryDueAt,
        servers,
        true);
  }

  /** DRS accepted the attempt: it runs, and a reason that only described the wait is stale. */
  WaveState accepted(List<String> moreJobIds) {
    return new WaveState(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        WaveStatus.RUNNING,
        attempt,
        union(jobIds, moreJobIds),
        startedAt,
        endedAt,
        queued ? null : reason,
        retryDueAt,
        servers,
        false);
  }

  WaveState observed(WaveStatus newStatus, List<String> moreJobIds, List<ServerState> reported) {
    return new WaveState(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        newStatus,
        attempt,
        union(jobIds, moreJobIds),
        startedAt,
        endedAt,
        reason,
        retryDueAt,
        merge(servers, reported),
        queued);
  }

  WaveState ended(
      WaveStatus finalStatus,
      Instant at,
      String why,
      List<String> moreJobIds,
      List<ServerState> reported) {
    return new WaveState(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        finalStatus,
        attempt,
        union(jobIds, moreJobIds),
        startedAt,
        at,
        why,
        null,
        merge(servers, reported),
        false);
  }

  /** Job ids in first-seen order, without duplicates. */
  static List<String> union(List<String> known, List<String> more) {
    LinkedHashSet<String> all = new LinkedHashSet<>(known);
    all.addAll(more);
    return List.copyOf(all);
  }

  /** The latest report of a server replaces the previous one; order of first appearance kept. */
  static List<ServerState> merge(List<ServerState> known, List<ServerState> reported) {
    Map<String, ServerState> byId = new LinkedHashMap<>();
    known.forEach(s -> byId.put(s.sourceServerId(), s));
    reported.forEach(s -> byId.put(s.sourceServerId(), s));
    return new ArrayList<>(byId.values());
  }
}
