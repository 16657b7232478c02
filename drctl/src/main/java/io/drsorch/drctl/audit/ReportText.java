package io.drsorch.drctl.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words both renderings of a report use, so that the HTML page and the text say the same. */
final class ReportText {

  /** How the report counts a wave's wait for approval; said wherever a wave reached its gate. */
  static final String APPROVAL_IS_NOT_RUN_TIME =
      "A wave's time waiting for approval is not counted as its DRS run time: a wave runs from its"
          + " launch, after the approval; on the critical path the wait is counted apart.";

  private ReportText() {}

  /** Notes on a wave beyond its status: its approval, and what a retry carried over. */
  static List<String> notes(WaveSpan w) {
    List<String> notes = new ArrayList<>();
    String approval = approval(w);
    if (approval != null) {
      notes.add(approval);
    }
    if (w.carriedOver() != null) {
      notes.add(carriedOver(w));
    }
    return notes;
  }

  /**
   * E.g. "optional servers not launched: s-7 (the wave completed without them)", for a wave whose
   * servers are not listed next to it; null when it completed with all of them.
   */
  static String optionalNotLaunched(WaveSpan w) {
    List<String> optional =
        w.failedServers().stream()
            .filter(WaveSpan.FailedServer::optional)
            .map(WaveSpan.FailedServer::serverId)
            .toList();
    if (optional.isEmpty() || !"COMPLETED".equals(w.status())) {
      return null;
    }
    return "optional servers not launched: "
        + String.join(", ", optional)
        + " (the wave completed without them)";
  }

  /** E.g. "approved by alice at 2026-...Z after waiting 5 min 00 s: "go""; null without a gate. */
  static String approval(WaveSpan w) {
    WaveSpan.Approval a = w.approval();
    if (a == null) {
      return null;
    }
    Duration waited = w.approvalWait();
    if (a.approvedBy() != null) {
      return "approved by "
          + a.approvedBy()
          + (a.approvedAt() == null ? "" : " at " + a.approvedAt())
          + (waited == null ? "" : " after waiting " + human(waited))
          + (a.comment() == null ? "" : ": \"" + a.comment() + "\"");
    }
    if (waited != null) {
      return "waited " + human(waited) + " for approval; not approved";
    }
    return "waiting for approval since " + a.waitingSince();
  }

  private static String carriedOver(WaveSpan w) {
    WaveSpan.CarryOver c = w.carriedOver();
    boolean notLaunchedHere = "COMPLETED".equals(w.status()) && w.startedAt() == null;
    return "carried over"
        + (c.fromExecutionId() == null ? "" : " from execution " + c.fromExecutionId())
        + (notLaunchedHere
            ? ", not relaunched"
            : ", only its servers not launched there relaunched")
        + (c.overrideBy() == null ? "" : "; marked done by " + c.overrideBy() + " (override)");
  }

  /** E.g. "s-5 FAILED (optional: the wave completed without it)". */
  static String failedServer(WaveSpan.FailedServer s) {
    return s.serverId()
        + " "
        + s.launchStatus()
        + (s.optional() ? " (optional: its wave may complete without it)" : "");
  }

  /**
   * E.g. "DRS run time 40 s, waiting for approval 5 min 00 s, other waiting 2 s"; with ", wave
   * actions 12 s" after the run time when the path's waves ran actions.
   */
  static String time(CriticalPath.Time t) {
    return "DRS run time "
        + human(t.runTime())
        + (t.actionTime().isZero() ? "" : ", wave actions " + human(t.actionTime()))
        + ", waiting for approval "
        + human(t.approvalWait())
        + ", other waiting "
        + human(t.otherWait())
        + " (hand-offs, pauses, DRS job capacity)";
  }

  /**
   * When an action step ran, e.g. "2026-01-01T10:00:10Z to 2026-01-01T10:00:12Z (2 s)", "since
   * 2026-01-01T10:00:10Z" while it runs; empty when it never started.
   */
  static String stepTimes(ActionStep a) {
    if (a.startedAt() == null) {
      return "";
    }
    if (a.endedAt() == null) {
      return "since " + a.startedAt();
    }
    return a.startedAt() + " to " + a.endedAt() + " (" + human(a.duration()) + ")";
  }

  /** What the step ran against: "automation 8f2c...", "HTTP 503"; empty when neither is known. */
  static String stepTarget(ActionStep a) {
    List<String> parts = new ArrayList<>();
    if (a.automationExecutionId() != null) {
      parts.add("automation " + a.automationExecutionId());
    }
    if (a.lastHttpStatus() != null) {
      parts.add("HTTP " + a.lastHttpStatus());
    }
    return String.join(", ", parts);
  }

  /**
   * Why the step did not succeed, and whether its wave went on regardless, e.g. "Step failed: no
   * such db (continued: the wave went on)"; empty for a step with nothing to say.
   */
  static String stepOutcome(ActionStep a) {
    String reason = a.reason() == null ? "" : a.reason();
    if (!a.continued()) {
      return reason;
    }
    return (reason.isEmpty() ? "" : reason + " ") + "(continued: the wave went on)";
  }

  /** What an operator's command changed, or that the history records no change from it. */
  static String effects(OperatorAction a) {
    return a.effects().isEmpty()
        ? "no status transition recorded for it"
        : String.join("; ", a.effects());
  }

  /** 4.2 s, 3 min 05 s, 1 h 02 min. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 60_000) {
      return ms % 1000 == 0
          ? (ms / 1000) + " s"
          : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return String.format("%d h %02d min", s / 3600, (s / 60) % 60);
  }
}
