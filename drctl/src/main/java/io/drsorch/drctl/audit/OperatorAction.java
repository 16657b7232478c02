package io.drsorch.drctl.audit;

import io.drsorch.avro.ExecutionTransition;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One operator command of drs.execution-commands as an audit shows it: who asked for what, when, in
 * their own words, and what it changed, i.e. the status transitions the history records as caused
 * by it. A command the scheduler ignored (a wave approved after it had timed out, a second pause)
 * changed nothing, and the audit says so rather than implying it took effect.
 *
 * @param type the record type, e.g. ApproveWave
 * @param action what was asked, in words: "approval", "pause", ...
 * @param waveId the wave it concerns; null for the whole execution
 * @param said the approver's comment or the reason given; null when none was
 * @param where topic/partition@offset
 * @param effects transitions it caused, one line per execution, wave or wave action, e.g. "wave app
 *     WAITING_APPROVAL -> PENDING -> LAUNCHING"
 */
public record OperatorAction(
    Instant at,
    String type,
    String action,
    String waveId,
    String requestedBy,
    String said,
    String commandId,
    String causationId,
    String where,
    List<String> effects) {

  private static final Map<String, String> ACTIONS =
      Map.of(
          "CancelExecution", "cancel",
          "ApproveWave", "approval",
          "RejectWave", "rejection",
          "PauseExecution", "pause",
          "ResumeExecution", "resume");

  /** E.g. "approval of wave app requested by alice: checked the database". */
  public String text() {
    return action
        + (waveId == null ? "" : " of wave " + waveId)
        + " requested by "
        + requestedBy
        + (said == null ? "" : ": " + said);
  }

  /** Every command of the execution, in topic order. */
  public static List<OperatorAction> all(ExecutionRecords records) {
    List<ExecutionTransition> history = records.history().stream().map(Recorded::value).toList();
    List<OperatorAction> actions = new ArrayList<>();
    for (Recorded<SpecificRecord> r : records.commands()) {
      actions.add(of(r, history));
    }
    return actions;
  }

  /**
   * Reads the command by field name rather than by type: every command of the envelope carries id,
   * occurredAt, causationId and requestedBy, the wave commands a waveId, and each its comment or
   * reason, so a command type added after this drctl still shows who asked and what they said.
   */
  static OperatorAction of(Recorded<SpecificRecord> recorded, List<ExecutionTransition> history) {
    SpecificRecord command = recorded.value();
    String type = command.getSchema().getName();
    String id = text(command, "id");
    Object occurred = field(command, "occurredAt");
    String comment = text(command, "comment");
    return new OperatorAction(
        occurred instanceof Instant at ? at : recorded.time(),
        type,
        ACTIONS.getOrDefault(type, type),
        text(command, "waveId"),
        requestedBy(command),
        comment != null ? comment : text(command, "reason"),
        id,
        text(command, "causationId"),
        recorded.where(),
        effects(id, history));
  }

  private static String requestedBy(SpecificRecord command) {
    String by = text(command, "requestedBy");
    return by == null ? "unknown" : by;
  }

  /**
   * The transitions caused by {@code commandId}, one line per execution, wave or wave action, each
   * one's successive transitions joined. A wave action's steps (ACTION_ statuses) have a line of
   * their own, e.g. "wave db after action 'db-ready' ACTION_RUNNING -> ACTION_CANCELLED", so they
   * never break or join the wave's own chain of statuses.
   */
  private static List<String> effects(String commandId, List<ExecutionTransition> history) {
    List<String> effects = new ArrayList<>();
    Map<String, Integer> lineOf = new HashMap<>();
    Map<String, String> lastStatusOf = new HashMap<>();
    for (ExecutionTransition t : history) {
      if (commandId == null || !commandId.equals(t.getCausationId())) {
        continue;
      }
      String subject =
          t.getWaveId() == null
              ? "execution"
              : ActionTexts.isAction(t) ? ActionTexts.subject(t) : "wave " + t.getWaveId();
      Integer line = lineOf.get(subject);
      if (line != null
          && t.getFromStatus() != null
          && t.getFromStatus().equals(lastStatusOf.get(subject))) {
        effects.set(line, effects.get(line) + " -> " + t.getToStatus());
      } else {
        lineOf.put(subject, effects.size());
        effects.add(
            subject
                + " "
                + (t.getFromStatus() == null ? "" : t.getFromStatus() + " -> ")
                + t.getToStatus());
      }
      lastStatusOf.put(subject, t.getToStatus());
    }
    return List.copyOf(effects);
  }

  private static String text(SpecificRecord record, String name) {
    Object value = field(record, name);
    return value == null ? null : value.toString();
  }

  private static Object field(SpecificRecord record, String name) {
    Schema.Field field = record.getSchema().getField(name);
    return field == null ? null : record.get(field.pos());
  }
}
