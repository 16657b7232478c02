package io.drsorch.drctl.audit;

import io.drsorch.avro.ActionPhase;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.ActionView;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveActionEnded;
import io.drsorch.avro.WaveActionStarted;
import io.drsorch.avro.WaveView;
import io.drsorch.scheduler.publication.Publication;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the records of wave actions say, in words, for the timeline: the scheduler's RunWaveAction,
 * the edge's WaveActionStarted and WaveActionEnded, and the history's ACTION_ transitions. An
 * action's end names it only by phase and index, so the names come from the request, the view and
 * the other action records of the execution.
 */
final class ActionTexts {

  /** The name an ACTION_ transition's reason starts with: "after action 'db-ready'". */
  private static final Pattern LABEL = Pattern.compile("^(?:before|after) action '[^']*'");

  /** Action names by "waveId/PHASE/index". */
  private final Map<String, String> names;

  private ActionTexts(Map<String, String> names) {
    this.names = names;
  }

  static ActionTexts of(ExecutionRecords records, List<Recorded<RunWaveAction>> runs) {
    Map<String, String> names = new HashMap<>();
    for (Recorded<ExecutionRequested> r : records.requests()) {
      named(names, r.value());
    }
    for (Recorded<ExecutionRequested> r : records.admitted()) {
      named(names, r.value());
    }
    ExecutionUpdated view = records.lastView();
    if (view != null) {
      for (WaveView w : view.getWaves()) {
        for (ActionView a : w.getActions()) {
          names.put(key(w.getWaveId(), a.getPhase(), a.getIndex()), a.getName());
        }
      }
    }
    for (Recorded<RunWaveAction> r : runs) {
      RunWaveAction run = r.value();
      names.put(key(run.getWaveId(), run.getPhase(), run.getIndex()), run.getAction().getName());
    }
    for (Recorded<SpecificRecord> r : records.waveEvents()) {
      if (r.value() instanceof WaveActionStarted s) {
        names.put(key(s.getWaveId(), s.getPhase(), s.getIndex()), s.getAction().getName());
      }
    }
    return new ActionTexts(names);
  }

  /** Whether a history transition is a wave action's step rather than the wave's own status. */
  static boolean isAction(ExecutionTransition t) {
    return t.getToStatus() != null && t.getToStatus().startsWith(Publication.ACTION);
  }

  /**
   * Who an ACTION_ transition is about, e.g. "wave db after action 'db-ready'": apart from the wave
   * itself, so that the wave's own chain of statuses is not broken by its actions' steps.
   */
  static String subject(ExecutionTransition t) {
    String wave = "wave " + t.getWaveId();
    Matcher label = LABEL.matcher(t.getReason() == null ? "" : t.getReason());
    return label.find() ? wave + " " + label.group() : wave + " action";
  }

  /** E.g. "run after action 'db-ready' of wave db: SSM automation Db-Ready in us-east-1 ...". */
  String run(RunWaveAction run) {
    WaveAction action = run.getAction();
    String where =
        (run.getAccountId() == null ? "" : run.getAccountId() + "/")
            + run.getRegion()
            + (run.getRoleArn() == null ? "" : " through role " + run.getRoleArn());
    String what =
        action.getType() == ActionType.SSM_AUTOMATION
            ? "SSM automation "
                + action.getDocumentName()
                + (action.getDocumentVersion() == null
                    ? ""
                    : " version " + action.getDocumentVersion())
                + " in "
                + where
                + (run.getRecoveryInstanceIds().isEmpty()
                    ? ""
                    : " for recovery instances " + run.getRecoveryInstanceIds())
            : "HTTP check of "
                + action.getUrl()
                + " until it answers "
                + action.getExpectStatus()
                + ", every "
                + action.getIntervalSeconds()
                + " s";
    return "run "
        + label(run.getPhase(), action.getName())
        + " of wave "
        + run.getWaveId()
        + ": "
        + what
        + ", deadline "
        + run.getDeadline()
        + ", request id "
        + run.getRequestId();
  }

  /** What an action's start or end says; null for any other wave event. */
  String event(SpecificRecord v) {
    if (v instanceof WaveActionStarted e) {
      WaveAction action = e.getAction();
      return label(e.getPhase(), action.getName())
          + " of wave "
          + e.getWaveId()
          + " started: "
          + (action.getType() == ActionType.SSM_AUTOMATION
              ? "SSM automation " + e.getAutomationExecutionId()
              : "checking " + action.getUrl());
    }
    if (v instanceof WaveActionEnded e) {
      String name = names.get(key(e.getWaveId(), e.getPhase(), e.getIndex()));
      String label =
          name == null
              ? e.getPhase().name().toLowerCase(Locale.ROOT) + " action #" + e.getIndex()
              : label(e.getPhase(), name);
      return label
          + " of wave "
          + e.getWaveId()
          + " "
          + e.getOutcome()
          + (e.getReason() == null ? "" : ": " + e.getReason())
          + (e.getAutomationExecutionId() == null
              ? ""
              : "; automation "
                  + e.getAutomationExecutionId()
                  + (e.getAutomationStatus() == null
                      ? ""
                      : " (SSM status " + e.getAutomationStatus() + ")"))
          + (e.getLastHttpStatus() == null ? "" : "; last HTTP status " + e.getLastHttpStatus());
    }
    return null;
  }

  private static void named(Map<String, String> names, ExecutionRequested request) {
    for (ExecutionWave w : request.getWaves()) {
      for (int i = 0; i < w.getBefore().size(); i++) {
        names.put(key(w.getWaveId(), ActionPhase.BEFORE, i), w.getBefore().get(i).getName());
      }
      for (int i = 0; i < w.getAfter().size(); i++) {
        names.put(key(w.getWaveId(), ActionPhase.AFTER, i), w.getAfter().get(i).getName());
      }
    }
  }

  private static String label(ActionPhase phase, String name) {
    return phase.name().toLowerCase(Locale.ROOT) + " action '" + name + "'";
  }

  private static String key(String waveId, ActionPhase phase, int index) {
    return waveId + "/" + phase + "/" + index;
  }
}
