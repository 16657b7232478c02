package io.drsorch.scheduler.core;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.WaveStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One wave of one execution: its frozen definition (servers, region, account and the role to assume
 * there, dependencies, approval gate, optional servers) and where it stands. {@code attempt} is the
 * launch attempt in flight or last made (0 before the first launch); {@code retryDueAt} is set
 * while a retry waits for its backoff to elapse; {@code queued} while the attempt waits at the
 * quota gate for DRS job capacity (it is LAUNCHING meanwhile). {@code reason} is kept to {@link
 * Reasons#MAX_BYTES} bytes, as are the operator's texts.
 *
 * @param approvalRequired once its dependencies completed, the wave waits for an approval
 * @param approvalTimeoutMinutes how long it may wait; null: for ever
 * @param optionalServerIds servers whose launch failure does not fail the wave
 * @param waitingSince when the wave began to wait for approval
 * @param approval who let it launch, when, with what comment; null until then
 * @param carriedOverFrom in a retry: the execution whose outcome of this wave was carried over
 * @param overrideBy in a retry: who marked this wave done although it had failed
 * @param launchDone every server launched and DRS's jobs are over: what is left are the wave's
 *     after actions, and it no longer holds DRS job slots
 * @param actions the wave's before actions, then its after actions, in the order they run
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
    boolean queued,
    boolean approvalRequired,
    Integer approvalTimeoutMinutes,
    List<String> optionalServerIds,
    Instant waitingSince,
    OperatorNote approval,
    String carriedOverFrom,
    String overrideBy,
    boolean launchDone,
    List<ActionState> actions) {

  /** What an operator did to a wave: who, when, and the words they gave. */
  public record OperatorNote(String by, Instant at, String text) {
    public OperatorNote {
      by = Reasons.cut(by);
      text = Reasons.cut(text);
    }
  }

  public WaveState {
    reason = Reasons.cut(reason);
    sourceServerIds = List.copyOf(sourceServerIds);
    dependsOn = List.copyOf(dependsOn);
    jobIds = List.copyOf(jobIds);
    servers = List.copyOf(servers);
    optionalServerIds = List.copyOf(optionalServerIds);
    overrideBy = Reasons.cut(overrideBy);
    actions = List.copyOf(actions);
  }

  /** The same wave without progress in actions, as stores written before actions decode. */
  public WaveState(
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
      boolean queued,
      boolean approvalRequired,
      Integer approvalTimeoutMinutes,
      List<String> optionalServerIds,
      Instant waitingSince,
      OperatorNote approval,
      String carriedOverFrom,
      String overrideBy) {
    this(
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
        reason,
        retryDueAt,
        servers,
        queued,
        approvalRequired,
        approvalTimeoutMinutes,
        optionalServerIds,
        waitingSince,
        approval,
        carriedOverFrom,
        overrideBy,
        false,
        List.of());
  }

  /** A wave not launched yet, every server PENDING, without gate or optional servers. */
  public static WaveState pending(
      String waveId,
      String name,
      String region,
      String accountId,
      String roleArn,
      List<String> sourceServerIds,
      List<String> dependsOn,
      Integer timeoutMinutes) {
    return pending(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        false,
        null,
        List.of());
  }

  /** A wave not launched yet, every server PENDING, without actions. */
  public static WaveState pending(
      String waveId,
      String name,
      String region,
      String accountId,
      String roleArn,
      List<String> sourceServerIds,
      List<String> dependsOn,
      Integer timeoutMinutes,
      boolean approvalRequired,
      Integer approvalTimeoutMinutes,
      List<String> optionalServerIds) {
    return pending(
        waveId,
        name,
        region,
        accountId,
        roleArn,
        sourceServerIds,
        dependsOn,
        timeoutMinutes,
        approvalRequired,
        approvalTimeoutMinutes,
        optionalServerIds,
        List.of());
  }

  /** A wave not launched yet, every server and every action PENDING. */
  public static WaveState pending(
      String waveId,
      String name,
      String region,
      String accountId,
      String roleArn,
      List<String> sourceServerIds,
      List<String> dependsOn,
      Integer timeoutMinutes,
      boolean approvalRequired,
      Integer approvalTimeoutMinutes,
      List<String> optionalServerIds,
      List<ActionState> actions) {
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
        false,
        approvalRequired,
        approvalTimeoutMinutes,
        optionalServerIds,
        null,
        null,
        null,
        null,
        false,
        actions);
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

  /** Its gate holds it: its dependencies completed and nobody approved or rejected it yet. */
  public boolean isWaitingForApproval() {
    return status == WaveStatus.WAITING_APPROVAL;
  }

  /**
   * The attempt's LaunchWave went to the quota gate and no release has been sent for it yet: its
   * DRS jobs count (or will count) against the account and region's quota.
   */
  public boolean holdsJobSlots() {
    return isActive() && attempt > 0 && !isWaitingForRetry() && !launchDone;
  }

  /** Its before actions run (or ran) and it has not asked DRS for anything yet. */
  public boolean inBeforePhase() {
    return status == WaveStatus.RUNNING && attempt == 0;
  }

  /** Every server launched; its after actions run or are about to. */
  public boolean inAfterPhase() {
    return status == WaveStatus.RUNNING && launchDone;
  }

  /** The action in flight, if any: a wave runs one action at a time. */
  public Optional<ActionState> runningAction() {
    return actions.stream().filter(ActionState::isRunning).findFirst();
  }

  public List<ActionState> actions(ActionPhase phase) {
    return actions.stream().filter(a -> a.phase() == phase).toList();
  }

  public Optional<ActionState> action(ActionPhase phase, int index) {
    return actions.stream().filter(a -> a.phase() == phase && a.index() == index).findFirst();
  }

  /** The first action of {@code phase} still to run; empty when every one is over. */
  public Optional<ActionState> nextAction(ActionPhase phase) {
    return actions(phase).stream().filter(ActionState::isPending).findFirst();
  }

  /**
   * The servers a launch of this wave asks DRS for: all but those that reached LAUNCHED in the
   * execution this one retries, which keep their recovery instances.
   */
  public List<String> serversToLaunch() {
    if (carriedOverFrom == null) {
      return sourceServerIds;
    }
    Set<String> launched = new LinkedHashSet<>();
    servers.stream()
        .filter(s -> s.launchStatus() == LaunchStatus.LAUNCHED)
        .forEach(s -> launched.add(s.sourceServerId()));
    return sourceServerIds.stream().filter(id -> !launched.contains(id)).toList();
  }

  /** Optional servers of a COMPLETED wave that did not launch; empty for any other wave. */
  public List<String> failedOptionalServers() {
    if (status != WaveStatus.COMPLETED || optionalServerIds.isEmpty()) {
      return List.of();
    }
    Set<String> optional = Set.copyOf(optionalServerIds);
    return servers.stream()
        .filter(s -> optional.contains(s.sourceServerId()))
        .filter(s -> s.launchStatus() != LaunchStatus.LAUNCHED)
        .map(ServerState::sourceServerId)
        .toList();
  }

  WaveState launching(int newAttempt, Instant at) {
    return change()
        .status(WaveStatus.LAUNCHING)
        .attempt(newAttempt)
        .startedAt(startedAt == null ? at : startedAt)
        .retryDueAt(null)
        .queued(false)
        .build();
  }

  WaveState retryAt(Instant dueAt, String why) {
    return change().reason(why).retryDueAt(dueAt).queued(false).build();
  }

  /** The attempt waits at the quota gate; {@code why} says for what and where it stands in line. */
  WaveState deferred(String why) {
    return change().reason(why).queued(true).build();
  }

  /**
   * DRS accepted the attempt: it runs, and a reason that only described the wait is stale. Its
   * servers remember the snapshot each was launched from, if it was a point-in-time launch.
   */
  WaveState accepted(List<String> moreJobIds, List<RecoveryPoint> points) {
    Map<String, RecoveryPoint> byServer = new LinkedHashMap<>();
    points.forEach(p -> byServer.put(p.sourceServerId(), p));
    List<ServerState> launchedFrom =
        servers.stream()
            .map(
                sv ->
                    byServer.containsKey(sv.sourceServerId())
                        ? sv.from(byServer.get(sv.sourceServerId()))
                        : sv)
            .toList();
    return change()
        .status(WaveStatus.RUNNING)
        .jobIds(union(jobIds, moreJobIds))
        .servers(launchedFrom)
        .reason(queued ? null : reason)
        .queued(false)
        .build();
  }

  WaveState observed(WaveStatus newStatus, List<String> moreJobIds, List<ServerState> reported) {
    return change()
        .status(newStatus)
        .jobIds(union(jobIds, moreJobIds))
        .servers(merge(servers, reported))
        .build();
  }

  WaveState ended(
      WaveStatus finalStatus,
      Instant at,
      String why,
      List<String> moreJobIds,
      List<ServerState> reported) {
    return change()
        .status(finalStatus)
        .jobIds(union(jobIds, moreJobIds))
        .endedAt(at)
        .reason(why)
        .retryDueAt(null)
        .servers(merge(servers, reported))
        .queued(false)
        .actions(actions.stream().map(ActionState::skipped).toList())
        .build();
  }

  /** An action goes out: the wave RUNNING (its first step started now, if none did before). */
  WaveState actionRequested(ActionPhase phase, int index, Instant at) {
    return change()
        .status(WaveStatus.RUNNING)
        .startedAt(startedAt == null ? at : startedAt)
        .actions(withAction(phase, index, a -> a.requested(at)))
        .build();
  }

  WaveState actionStarted(ActionPhase phase, int index, String automationId) {
    return change().actions(withAction(phase, index, a -> a.started(automationId))).build();
  }

  WaveState actionEnded(
      ActionPhase phase,
      int index,
      ActionStatus outcome,
      Instant at,
      String why,
      String automationId,
      Integer httpStatus) {
    return change()
        .actions(withAction(phase, index, a -> a.ended(outcome, at, why, automationId, httpStatus)))
        .build();
  }

  /**
   * DRS's part is over and every server launched: the jobs and servers as last reported are kept,
   * {@code why} too (the optional servers that did not launch, say), and the wave runs on with its
   * after actions.
   */
  WaveState launchedAll(String why, List<String> moreJobIds, List<ServerState> reported) {
    return change()
        .status(WaveStatus.RUNNING)
        .jobIds(union(jobIds, moreJobIds))
        .servers(merge(servers, reported))
        .reason(why)
        .launchDone(true)
        .queued(false)
        .build();
  }

  private List<ActionState> withAction(
      ActionPhase phase, int index, UnaryOperator<ActionState> change) {
    return actions.stream()
        .map(a -> a.phase() == phase && a.index() == index ? change.apply(a) : a)
        .toList();
  }

  /** Its dependencies completed and its gate holds it until someone decides. */
  WaveState awaitingApproval(Instant at, String why) {
    return change().status(WaveStatus.WAITING_APPROVAL).waitingSince(at).reason(why).build();
  }

  /** Approved: PENDING again, free to launch as soon as the execution may launch. */
  WaveState approved(OperatorNote note) {
    return change().status(WaveStatus.PENDING).approval(note).reason(null).build();
  }

  /** In a retry: what the retried execution achieved, its launched servers kept as they were. */
  WaveState carried(
      String fromExecutionId, List<String> oldJobIds, List<ServerState> kept, String override) {
    return change()
        .jobIds(union(jobIds, oldJobIds))
        .servers(merge(servers, kept))
        .carriedOverFrom(fromExecutionId)
        .overrideBy(override)
        .build();
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
    reported.forEach(s -> byId.merge(s.sourceServerId(), s, ServerState::reportedAs));
    return new ArrayList<>(byId.values());
  }

  private Change change() {
    return new Change(this);
  }

  /** A copy of a wave with some of its progress changed; the definition never changes. */
  private static final class Change {
    private final WaveState from;
    private WaveStatus status;
    private int attempt;
    private List<String> jobIds;
    private Instant startedAt;
    private Instant endedAt;
    private String reason;
    private Instant retryDueAt;
    private List<ServerState> servers;
    private boolean queued;
    private Instant waitingSince;
    private OperatorNote approval;
    private String carriedOverFrom;
    private String overrideBy;
    private boolean launchDone;
    private List<ActionState> actions;

    Change(WaveState w) {
      from = w;
      status = w.status;
      attempt = w.attempt;
      jobIds = w.jobIds;
      startedAt = w.startedAt;
      endedAt = w.endedAt;
      reason = w.reason;
      retryDueAt = w.retryDueAt;
      servers = w.servers;
      queued = w.queued;
      waitingSince = w.waitingSince;
      approval = w.approval;
      carriedOverFrom = w.carriedOverFrom;
      overrideBy = w.overrideBy;
      launchDone = w.launchDone;
      actions = w.actions;
    }

    Change launchDone(boolean v) {
      launchDone = v;
      return this;
    }

    Change actions(List<ActionState> v) {
      actions = v;
      return this;
    }

    Change status(WaveStatus v) {
      status = v;
      return this;
    }

    Change attempt(int v) {
      attempt = v;
      return this;
    }

    Change jobIds(List<String> v) {
      jobIds = v;
      return this;
    }

    Change startedAt(Instant v) {
      startedAt = v;
      return this;
    }

    Change endedAt(Instant v) {
      endedAt = v;
      return this;
    }

    Change reason(String v) {
      reason = v;
      return this;
    }

    Change retryDueAt(Instant v) {
      retryDueAt = v;
      return this;
    }

    Change servers(List<ServerState> v) {
      servers = v;
      return this;
    }

    Change queued(boolean v) {
      queued = v;
      return this;
    }

    Change waitingSince(Instant v) {
      waitingSince = v;
      return this;
    }

    Change approval(OperatorNote v) {
      approval = v;
      return this;
    }

    Change carriedOverFrom(String v) {
      carriedOverFrom = v;
      return this;
    }

    Change overrideBy(String v) {
      overrideBy = v;
      return this;
    }

    WaveState build() {
      return new WaveState(
          from.waveId,
          from.name,
          from.region,
          from.accountId,
          from.roleArn,
          from.sourceServerIds,
          from.dependsOn,
          from.timeoutMinutes,
          status,
          attempt,
          jobIds,
          startedAt,
          endedAt,
          reason,
          retryDueAt,
          servers,
          queued,
          from.approvalRequired,
          from.approvalTimeoutMinutes,
          from.optionalServerIds,
          waitingSince,
          approval,
          carriedOverFrom,
          overrideBy,
          launchDone,
          actions);
    }
  }
}
