package io.drsorch.scheduler.execution;

import io.drsorch.avro.ActionStatus;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.WaveStatus;
import io.drsorch.scheduler.core.ActionState;
import io.drsorch.scheduler.core.Cleanup;
import io.drsorch.scheduler.core.DrillCleanups;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.Reasons;
import io.drsorch.scheduler.core.ServerState;
import io.drsorch.scheduler.core.WaveState;
import io.drsorch.scheduler.core.WaveState.OperatorNote;
import io.drsorch.scheduler.gate.JobQuota;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The state an execution grows to, at most, on its way from its start: every server launched with a
 * recovery instance and a job, every wave with the job ids of all its attempts, its times and a
 * reason as long as reasons get (in bytes, see {@link Reasons#MAX_BYTES}). A request is admitted
 * only if this state, and the view of it, fit under the size bound: checking its state at the start
 * alone would let an execution start that later cannot store its progress, and then hold its plan
 * until it timed out.
 *
 * <p>What grows is what DRS and the other services report; the rest (waves, servers, dependencies,
 * names) is frozen at the start. Ids take their longest real form: EC2 instance ids ({@code i-} and
 * 17 hex digits) and DRS job ids ({@code drsjob-} and 17).
 */
public final class LargestState {

  static final String INSTANCE_PREFIX = "i-";
  static final String JOB_ID_PREFIX = "drsjob-";
  static final String SNAPSHOT_ID = "pit-0123456789abcdef0";

  private final int maxAttempts;
  private final JobQuota quota;

  /**
   * @param maxAttempts launch attempts per wave: each attempt's jobs stay in the wave's job ids
   * @param quota how many servers one DRS job takes, and so how many jobs a wave has
   */
  public LargestState(int maxAttempts, JobQuota quota) {
    this.maxAttempts = maxAttempts;
    this.quota = quota;
  }

  /** {@code start} grown as far as its execution can grow it. */
  public ExecutionState of(ExecutionState start) {
    Instant at = start.startedAt();
    ExecutionState grown =
        new ExecutionState(
            start.executionId(),
            start.planId(),
            start.planVersion(),
            start.planName(),
            start.mode(),
            start.requestedBy(),
            start.requestId(),
            longest(ExecutionStatus.values()),
            longestReason(),
            at,
            at,
            Long.MAX_VALUE,
            true,
            start.waves().stream()
                .map(w -> grown(w, at, start.terms().pointInTime() != null))
                .toList(),
            start.waveTimeoutMinutes(),
            start.executionTimeoutMinutes(),
            start.retryOf(),
            longestNote(at),
            start.terms());
    return grown.withCleanup(largestCleanup(grown, at));
  }

  /**
   * A drill's cleanup at its largest: every instance terminated, in as many TERMINATE jobs as DRS
   * needs (200 instances a call), and the longest reason; null for a recovery, never cleaned up.
   */
  private static Cleanup largestCleanup(ExecutionState grown, Instant at) {
    if (grown.mode() != ExecutionMode.DRILL) {
      return null;
    }
    ExecutionState ended =
        new ExecutionState(
            grown.executionId(),
            grown.planId(),
            grown.planVersion(),
            grown.planName(),
            grown.mode(),
            grown.requestedBy(),
            grown.requestId(),
            ExecutionStatus.COMPLETED,
            null,
            at,
            at,
            grown.sequence(),
            false,
            grown.waves(),
            null,
            null,
            null,
            null,
            grown.terms());
    Cleanup asked = DrillCleanups.request(ended, longestReason(), at).orElseThrow();
    int job = 0;
    List<Cleanup.Request> done = new ArrayList<>();
    for (Cleanup.Request r : asked.requests()) {
      List<String> jobIds = new ArrayList<>();
      for (int i = 0; i < (r.instanceIds().size() + 199) / 200; i++) {
        jobIds.add(jobId(job++));
      }
      done.add(
          new Cleanup.Request(
              r.requestId(),
              r.region(),
              r.accountId(),
              r.roleArn(),
              r.instanceIds(),
              Cleanup.RequestStatus.FAILED,
              jobIds,
              r.instanceIds(),
              longestReason()));
    }
    return new Cleanup(
        Cleanup.Status.FAILED,
        asked.requestedBy(),
        at,
        at,
        asked.instanceIds(),
        done,
        longestReason());
  }

  /**
   * @param fromSnapshots a point-in-time execution: each server also keeps the snapshot it was
   *     launched from
   */
  private WaveState grown(WaveState w, Instant at, boolean fromSnapshots) {
    // A retry's wave starts with the jobs and launched servers it carried over; it launches the
    // rest.
    List<String> jobIds = new ArrayList<>(w.jobIds());
    int jobs = maxAttempts * quota.jobsNeeded(w.serversToLaunch().size());
    for (int i = 0; i < jobs; i++) {
      jobIds.add(jobId(i));
    }
    List<ServerState> servers =
        w.servers().stream()
            .map(
                s ->
                    s.launchStatus() == LaunchStatus.LAUNCHED
                        ? s
                        : new ServerState(
                            s.sourceServerId(),
                            LaunchStatus.LAUNCHED,
                            instanceId(s.sourceServerId()),
                            jobId(0),
                            fromSnapshots ? SNAPSHOT_ID : null,
                            fromSnapshots ? at : null))
            .toList();
    return new WaveState(
        w.waveId(),
        w.name(),
        w.region(),
        w.accountId(),
        w.roleArn(),
        w.sourceServerIds(),
        w.dependsOn(),
        w.timeoutMinutes(),
        longest(WaveStatus.values()),
        maxAttempts,
        jobIds,
        at,
        at,
        longestReason(),
        at,
        servers,
        true,
        w.approvalRequired(),
        w.approvalTimeoutMinutes(),
        w.optionalServerIds(),
        at,
        w.approvalRequired() ? longestNote(at) : null,
        w.carriedOverFrom(),
        w.overrideBy(),
        true,
        w.actions().stream().map(a -> grown(a, at)).toList());
  }

  /**
   * An action grown as far as it can grow: ended, with the longest reason, an automation id (SSM's
   * are 36 characters) and an HTTP status.
   */
  private static ActionState grown(ActionState a, Instant at) {
    return new ActionState(
        a.spec(),
        a.phase(),
        a.index(),
        longest(ActionStatus.values()),
        at,
        at,
        longestReason(),
        "0".repeat(36),
        599,
        true);
  }

  /** An operator's note (approval, pause) with the longest name and words it may keep. */
  private static OperatorNote longestNote(Instant at) {
    return new OperatorNote(longestReason(), at, longestReason());
  }

  /**
   * An instance id of the longest real form ({@code i-} and 17 characters), one per server: a
   * drill's cleanup lists each instance once, so they must be distinct to be counted. A server id
   * is {@code s-} and 17 characters, unique in a plan.
   */
  private static String instanceId(String sourceServerId) {
    String tail = sourceServerId.length() > 2 ? sourceServerId.substring(2) : sourceServerId;
    return INSTANCE_PREFIX + (tail + "0".repeat(17)).substring(0, 17);
  }

  private static String jobId(int n) {
    String digits = Integer.toHexString(n);
    return JOB_ID_PREFIX + "0".repeat(17 - digits.length()) + digits;
  }

  /** As many bytes as a reason may take: one a character. */
  private static String longestReason() {
    return "x".repeat(Reasons.MAX_BYTES);
  }

  private static <E extends Enum<E>> E longest(E[] values) {
    return Arrays.stream(values).max(Comparator.comparingInt(e -> e.name().length())).orElseThrow();
  }
}
