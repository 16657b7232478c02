package io.drsorch.planmodel.records;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionView;
import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.planmodel.validation.BoundedErrors;
import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.OperatorTexts;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the request that retries a FAILED or TIMED_OUT execution from its point of failure: a new
 * execution of the same frozen plan, rebuilt from the old execution's last view (never from the
 * plan, which may have changed since), in which each wave carries over what the old one achieved:
 *
 * <ul>
 *   <li>a COMPLETED wave counts as done and is never launched again;
 *   <li>a FAILED or TIMED_OUT wave launches again only its servers that did not reach LAUNCHED:
 *       relaunching a launched server would make a second recovery instance of it;
 *   <li>a FAILED or TIMED_OUT wave the operator chose to skip ({@code skipWaves}) counts as done
 *       without launching anything, and says who decided so and why;
 *   <li>any other wave (SKIPPED, CANCELLED, never started) runs as in a first run.
 * </ul>
 *
 * Pure: plan-service calls it with the view it holds, and tests with views they make.
 */
public final class ExecutionRetries {

  private static final Set<ExecutionStatus> RETRYABLE =
      EnumSet.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT);

  /** The waves that did not make it: only they may be skipped, and only they relaunch in part. */
  private static final Set<WaveStatus> FAILED = EnumSet.of(WaveStatus.FAILED, WaveStatus.TIMED_OUT);

  private ExecutionRetries() {}

  /**
   * @param last the old execution's last view
   * @param skipWaves ids of its FAILED or TIMED_OUT waves to count as done without relaunching;
   *     null for none
   * @param overrideReason why they are skipped; only with {@code skipWaves}
   * @param requestedBy who asks for the retry, and so who overrides the skipped waves
   * @param executionId the new execution's id
   * @param recordId the request record's own id
   * @throws NotRetryableException when the old execution did not end FAILED or TIMED_OUT
   * @throws InvalidRequestException when {@code skipWaves} or {@code overrideReason} is wrong, at
   *     their paths ({@code skipWaves[1]}, {@code reason})
   */
  public static ExecutionRequested request(
      ExecutionUpdated last,
      List<String> skipWaves,
      String overrideReason,
      String requestedBy,
      String executionId,
      String recordId,
      Instant now) {
    if (!RETRYABLE.contains(last.getStatus())) {
      throw new NotRetryableException(last.getExecutionId(), last.getStatus());
    }
    List<String> skips = skipWaves == null ? List.of() : skipWaves;
    String reason = overrideReason == null || overrideReason.isBlank() ? null : overrideReason;
    Set<String> skipped = checkSkips(last, skips, reason);
    SkipNote note = new SkipNote(requestedBy, reason);
    List<ExecutionWave> waves =
        last.getWaves().stream()
            .map(w -> wave(w, last.getExecutionId(), skipped.contains(w.getWaveId()), note))
            .toList();
    return ExecutionRequested.newBuilder()
        .setId(recordId)
        .setExecutionId(executionId)
        .setOccurredAt(now)
        .setCausationId(null)
        .setPlanId(last.getPlanId())
        .setPlanVersion(last.getPlanVersion())
        .setPlanName(last.getPlanName())
        .setMode(last.getMode())
        .setRequestedBy(requestedBy)
        .setWaves(waves)
        .setWaveTimeoutMinutes(last.getWaveTimeoutMinutes())
        .setExecutionTimeoutMinutes(last.getExecutionTimeoutMinutes())
        .setRetryOf(last.getExecutionId())
        // The retry recovers to the same point in time as the execution it takes over from, so
        // that its waves launch from the same data as the waves carried over. It carries no
        // pre-flight verdict: the servers were checked when the retried execution was requested,
        // and a retry exists to finish what then failed, not to be refused at admission by a
        // check of servers it may not even relaunch.
        .setPointInTime(last.getPointInTime())
        .setPreflight(null)
        .setRtoTargetMinutes(last.getRto() == null ? null : last.getRto().getTargetMinutes())
        .setDrillCleanupAfterMinutes(last.getDrillCleanupAfterMinutes())
        .build();
  }

  /** Who marks the skipped waves done, and why. */
  private record SkipNote(String by, String reason) {}

  /** The waves to skip, each a FAILED or TIMED_OUT wave of the execution, named once. */
  private static Set<String> checkSkips(ExecutionUpdated last, List<String> skips, String reason) {
    Map<String, WaveView> waves = new HashMap<>();
    last.getWaves().forEach(w -> waves.putIfAbsent(w.getWaveId(), w));
    BoundedErrors errors = new BoundedErrors();
    Set<String> skipped = new HashSet<>();
    for (int i = 0; i < skips.size(); i++) {
      String id = skips.get(i);
      String path = "skipWaves[" + i + "]";
      WaveView wave = id == null ? null : waves.get(id);
      if (id == null || id.isBlank()) {
        errors.add(path, "a wave to skip must be named by its id");
      } else if (wave == null) {
        errors.add(
            path,
            () ->
                "execution " + last.getExecutionId() + " has no wave '" + Formats.shown(id) + "'");
      } else if (!FAILED.contains(wave.getStatus())) {
        errors.add(
            path,
            "wave '"
                + id
                + "' is "
                + wave.getStatus()
                + ": only a FAILED or TIMED_OUT wave can be skipped");
      } else if (!skipped.add(id)) {
        errors.add(path, "wave '" + id + "' is listed twice");
      }
    }
    OperatorTexts.check("reason", reason).ifPresent(errors::add);
    if (reason != null && skips.isEmpty()) {
      // It would be recorded nowhere: a retry without skipped waves overrides nothing.
      errors.add(
          "reason",
          "reason says why skipWaves are marked done: name the waves in skipWaves, or leave the"
              + " reason out");
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors.toList());
    }
    return skipped;
  }

  /** The wave as frozen in the old request, with what the old execution achieved for it. */
  private static ExecutionWave wave(
      WaveView wave, String fromExecutionId, boolean skipped, SkipNote note) {
    return ExecutionWave.newBuilder()
        .setWaveId(wave.getWaveId())
        .setName(wave.getName())
        .setRegion(wave.getRegion())
        .setSourceServerIds(
            wave.getServers().stream().map(ServerLaunch::getSourceServerId).toList())
        .setDependsOn(List.copyOf(wave.getDependsOn()))
        .setAccountId(wave.getAccountId())
        .setRoleArn(wave.getRoleArn())
        .setTimeoutMinutes(wave.getTimeoutMinutes())
        .setApprovalRequired(wave.getApprovalRequired())
        .setApprovalTimeoutMinutes(wave.getApprovalTimeoutMinutes())
        .setOptionalServerIds(List.copyOf(wave.getOptionalServerIds()))
        .setBefore(actions(wave, ActionPhase.BEFORE))
        .setAfter(actions(wave, ActionPhase.AFTER))
        .setCarriedOver(carriedOver(wave, fromExecutionId, skipped, note))
        .build();
  }

  /** The wave's actions of {@code phase} as the old request froze them: a retry runs them again. */
  private static List<WaveAction> actions(WaveView wave, ActionPhase phase) {
    return wave.getActions().stream()
        .filter(a -> a.getPhase() == phase && a.getDefinition() != null)
        .map(ActionView::getDefinition)
        .toList();
  }

  private static CarriedOver carriedOver(
      WaveView wave, String fromExecutionId, boolean skipped, SkipNote note) {
    if (wave.getStatus() == WaveStatus.COMPLETED) {
      // Every server, optional ones that failed included: the wave is done as it ended. A wave
      // that was itself marked done in an earlier retry stays marked by whoever did it.
      return carried(fromExecutionId, wave, true, wave.getServers())
          .setOverrideBy(wave.getOverrideBy())
          .build();
    }
    if (!FAILED.contains(wave.getStatus())) {
      return null;
    }
    List<ServerLaunch> launched =
        wave.getServers().stream()
            .filter(s -> s.getLaunchStatus() == LaunchStatus.LAUNCHED)
            .toList();
    if (!skipped) {
      return carried(fromExecutionId, wave, false, launched).build();
    }
    return carried(fromExecutionId, wave, true, launched)
        .setOverrideBy(note.by())
        .setOverrideReason(note.reason())
        .build();
  }

  private static CarriedOver.Builder carried(
      String fromExecutionId, WaveView wave, boolean done, List<ServerLaunch> servers) {
    return CarriedOver.newBuilder()
        .setFromExecutionId(fromExecutionId)
        .setDone(done)
        .setJobIds(List.copyOf(wave.getJobIds()))
        // Copies: the request must not share mutable Avro records with the view it came from.
        .setServers(servers.stream().map(s -> ServerLaunch.newBuilder(s).build()).toList())
        .setOverrideBy(null)
        .setOverrideReason(null);
  }
}
