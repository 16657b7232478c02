package io.drsorch.drctl.audit;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionTransition;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.RunWaveAction;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveAction;
import io.drsorch.avro.WaveCompleted;
import io.drsorch.avro.WaveFailed;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.avro.WaveLaunchFailed;
import io.drsorch.avro.WaveLaunched;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * An execution's full story in time order, each entry naming its record's id and the id of what
 * caused it, so an auditor can follow the chain from the request to every DRS job and back.
 */
public final class Timeline {

  /**
   * One thing that happened.
   *
   * @param kind REQUEST, ADMITTED, COMMAND (cancel, approval, rejection, pause, resume: each with
   *     who asked), LAUNCH, DRS, QUOTA, JOB, RESULT, RUN (a wave action asked for), ACTION (its
   *     start and end), TRANSITION
   * @param what the record type, e.g. WaveLaunched
   * @param text what it says, in words
   * @param where topic/partition@offset
   */
  public record Entry(
      Instant at,
      String kind,
      String what,
      String text,
      String id,
      String causationId,
      String where) {}

  private Timeline() {}

  /** The timeline of an execution without wave actions to show. */
  public static List<Entry> of(ExecutionRecords records) {
    return of(records, List.of());
  }

  /**
   * @param actionRuns the RunWaveAction commands of the execution: not in {@code records}, which
   *     holds what the replay takes
   */
  public static List<Entry> of(ExecutionRecords records, List<Recorded<RunWaveAction>> actionRuns) {
    ActionTexts actions = ActionTexts.of(records, actionRuns);
    List<Entry> entries = new ArrayList<>();
    for (Recorded<ExecutionRequested> r : records.requests()) {
      ExecutionRequested q = r.value();
      entries.add(entry(r, "REQUEST", requested(q)));
    }
    for (Recorded<ExecutionRequested> r : records.admitted()) {
      entries.add(
          entry(
              r,
              r.time(),
              "ADMITTED",
              "admitted by the wave-scheduler: no other execution of plan "
                  + r.value().getPlanId()
                  + " was running",
              r.value().getId(),
              null));
    }
    for (OperatorAction a : OperatorAction.all(records)) {
      entries.add(
          new Entry(
              a.at(), "COMMAND", a.type(), a.text(), a.commandId(), a.causationId(), a.where()));
    }
    for (Recorded<LaunchWave> r : records.launches()) {
      LaunchWave l = r.value();
      entries.add(
          entry(
              r,
              "LAUNCH",
              "launch wave "
                  + l.getWaveId()
                  + " attempt "
                  + l.getAttempt()
                  + ": StartRecovery of "
                  + l.getSourceServerIds().size()
                  + " servers in "
                  + (l.getAccountId() == null ? "" : l.getAccountId() + "/")
                  + l.getRegion()
                  + (l.getRoleArn() == null ? "" : " through role " + l.getRoleArn())
                  + (l.getDrill() ? " as a drill" : " as a RECOVERY")
                  + ", request id "
                  + l.getRequestId()));
    }
    for (Recorded<RunWaveAction> r : actionRuns) {
      entries.add(entry(r, "RUN", actions.run(r.value())));
    }
    for (Recorded<SpecificRecord> r : records.waveEvents()) {
      String text = waveEvent(r.value());
      if (text != null) {
        entries.add(entry(r, kindOf(r.value()), text));
      }
      String action = actions.event(r.value());
      if (action != null) {
        entries.add(entry(r, "ACTION", action));
      }
    }
    for (Recorded<ExecutionTransition> r : records.history()) {
      ExecutionTransition t = r.value();
      entries.add(
          entry(
              r,
              "TRANSITION",
              (t.getWaveId() == null ? "execution" : "wave " + t.getWaveId())
                  + " "
                  + (t.getFromStatus() == null ? "" : t.getFromStatus() + " -> ")
                  + t.getToStatus()
                  // An action's step records its SSM automation where a wave's records DRS jobs.
                  + (t.getJobIds().isEmpty()
                      ? ""
                      : (ActionTexts.isAction(t) ? " automation " : " jobs ") + t.getJobIds())
                  + (t.getReason() == null ? "" : ": " + t.getReason())
                  + "  (decision "
                  + t.getSequence()
                  + ", because of "
                  + t.getCausationType()
                  + ")"));
    }
    // Same instant: causes before effects (a result, then the decision, then the launch or the
    // action run it made).
    entries.sort(Comparator.comparing(Entry::at).thenComparing(e -> KINDS.indexOf(e.kind())));
    return entries;
  }

  private static final List<String> KINDS =
      List.of(
          "REQUEST",
          "ADMITTED",
          "COMMAND",
          "DRS",
          "QUOTA",
          "JOB",
          "RESULT",
          "ACTION",
          "TRANSITION",
          "LAUNCH",
          "RUN");

  /** The timeline as lines for people: time since the request, the entry, its id and cause. */
  public static List<String> lines(List<Entry> entries) {
    List<String> lines = new ArrayList<>();
    Instant start = entries.isEmpty() ? null : entries.get(0).at();
    for (Entry e : entries) {
      Duration since = Duration.between(start, e.at());
      lines.add(
          String.format(
              "%s %+9.3fs  %-10s %-18s %s",
              e.at(), since.toMillis() / 1000.0, e.kind(), e.what(), e.text()));
      lines.add(
          String.format(
              "%38s id %s%s  [%s]",
              "",
              shortId(e.id()),
              e.causationId() == null ? "" : " caused by " + shortId(e.causationId()),
              e.where()));
    }
    return lines;
  }

  /** What a wave event says, in words; null for a type added after this version. */
  private static String waveEvent(SpecificRecord v) {
    if (v instanceof WaveLaunched e) {
      return "DRS started wave "
          + e.getWaveId()
          + " attempt "
          + e.getAttempt()
          + ": jobs "
          + e.getJobIds();
    }
    if (v instanceof WaveLaunchFailed e) {
      return "DRS refused wave "
          + e.getWaveId()
          + " attempt "
          + e.getAttempt()
          + ": "
          + e.getErrorCode()
          + ": "
          + e.getMessage()
          + (e.getRetryable() ? " (retryable)" : " (not retryable)");
    }
    if (v instanceof WaveLaunchDeferred e) {
      return "wave "
          + e.getWaveId()
          + " waits for DRS job capacity in "
          + e.getRegion()
          + ": "
          + e.getActiveJobs()
          + " of "
          + e.getQuota()
          + " jobs active, position "
          + e.getPosition();
    }
    if (v instanceof JobStatusChanged e) {
      return "job "
          + e.getJobId()
          + " of wave "
          + e.getWaveId()
          + " "
          + e.getStatus()
          + "; "
          + servers(e.getServers());
    }
    if (v instanceof WaveCompleted e) {
      return "all jobs of wave " + e.getWaveId() + " ended; " + servers(e.getServers());
    }
    if (v instanceof WaveFailed e) {
      return "wave "
          + e.getWaveId()
          + " failed: "
          + e.getReason()
          + "; failed servers "
          + e.getFailedServerIds();
    }
    return null;
  }

  private static String kindOf(SpecificRecord v) {
    if (v instanceof WaveLaunched || v instanceof WaveLaunchFailed) {
      return "DRS";
    }
    if (v instanceof WaveLaunchDeferred) {
      return "QUOTA";
    }
    return v instanceof JobStatusChanged ? "JOB" : "RESULT";
  }

  private static String requested(ExecutionRequested q) {
    String waves = q.getWaves().stream().map(Timeline::wave).collect(Collectors.joining("; "));
    return "requested by "
        + q.getRequestedBy()
        + ": "
        + q.getMode()
        + " of plan "
        + q.getPlanId()
        + " v"
        + q.getPlanVersion()
        + " ("
        + q.getPlanName()
        + "), waves: "
        + waves;
  }

  private static String wave(ExecutionWave w) {
    return w.getWaveId()
        + " "
        + w.getSourceServerIds()
        + " in "
        + w.getRegion()
        + (w.getDependsOn().isEmpty() ? "" : " after " + String.join(", ", w.getDependsOn()))
        + actions(w);
  }

  /** E.g. " with before actions [stop-writes], after actions [db-ready]"; empty without any. */
  private static String actions(ExecutionWave w) {
    List<String> phases = new ArrayList<>();
    if (!w.getBefore().isEmpty()) {
      phases.add("before actions " + names(w.getBefore()));
    }
    if (!w.getAfter().isEmpty()) {
      phases.add("after actions " + names(w.getAfter()));
    }
    return phases.isEmpty() ? "" : " with " + String.join(", ", phases);
  }

  private static List<String> names(List<WaveAction> actions) {
    return actions.stream().map(WaveAction::getName).toList();
  }

  private static String servers(List<ServerLaunch> servers) {
    return servers.stream()
        .map(
            s ->
                s.getSourceServerId()
                    + " "
                    + s.getLaunchStatus()
                    + (s.getRecoveryInstanceId() == null ? "" : " " + s.getRecoveryInstanceId()))
        .collect(Collectors.joining(", "));
  }

  /** An entry for a record of the contract: every one carries id, occurredAt and causationId. */
  private static Entry entry(Recorded<? extends SpecificRecord> r, String kind, String text) {
    SpecificRecord v = r.value();
    Object causation = field(v, "causationId");
    return entry(
        r,
        (Instant) field(v, "occurredAt"),
        kind,
        text,
        String.valueOf(field(v, "id")),
        causation == null ? null : causation.toString());
  }

  private static Object field(SpecificRecord v, String name) {
    org.apache.avro.Schema.Field field = v.getSchema().getField(name);
    return field == null ? null : v.get(field.pos());
  }

  private static Entry entry(
      Recorded<?> r, Instant at, String kind, String text, String id, String causationId) {
    return new Entry(
        at,
        kind,
        ((SpecificRecord) r.value()).getSchema().getName(),
        text,
        id,
        causationId,
        r.where());
  }

  private static String shortId(String id) {
    return id == null ? "-" : id;
  }
}
