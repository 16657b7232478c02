package io.drsorch.scheduler.core;

import io.drsorch.avro.PreflightMode;
import io.drsorch.avro.PreflightVerdict;
import io.drsorch.avro.ServerProblem;
import java.time.Instant;
import java.util.List;

/**
 * What the readiness check found before the execution was requested, as the request carried it. At
 * most {@link #MAX_SERVERS} servers' problems are kept: they are repeated in every view of the
 * execution, and a plan of thousands of stalled servers must not make each view that large; {@code
 * notKept} says how many more there were.
 */
public record Preflight(
    PreflightMode mode,
    Instant checkedAt,
    int serversChecked,
    List<Problem> problems,
    int notKept) {

  public static final int MAX_SERVERS = 100;
  private static final int MAX_PROBLEMS_PER_SERVER = 5;
  private static final int MAX_TEXT = 300;

  public Preflight {
    problems = List.copyOf(problems);
  }

  /** One server that was not ready, and why. */
  public record Problem(String sourceServerId, String waveId, List<String> problems) {
    public Problem {
      problems = List.copyOf(problems);
    }
  }

  /** The request's verdict, cut to what a view can repeat; null for none. */
  public static Preflight of(PreflightVerdict verdict) {
    if (verdict == null) {
      return null;
    }
    List<ServerProblem> all = verdict.getProblems();
    List<Problem> kept =
        all.stream()
            .limit(MAX_SERVERS)
            .map(
                p ->
                    new Problem(
                        shortened(p.getSourceServerId()),
                        shortened(p.getWaveId()),
                        p.getProblems().stream()
                            .limit(MAX_PROBLEMS_PER_SERVER)
                            .map(Preflight::shortened)
                            .toList()))
            .toList();
    return new Preflight(
        verdict.getMode(),
        verdict.getCheckedAt(),
        verdict.getServersChecked(),
        kept,
        all.size() - kept.size());
  }

  /** A text of the request cut to {@link #MAX_TEXT} characters: the request is not trusted. */
  private static String shortened(String text) {
    return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** Every kept problem in one line, e.g. for a rejection's reason. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    text.append(problems.size() + notKept)
        .append(" of ")
        .append(serversChecked)
        .append(" servers not ready: ");
    for (int i = 0; i < problems.size(); i++) {
      Problem p = problems.get(i);
      text.append(i == 0 ? "" : "; ")
          .append(p.sourceServerId())
          .append(" (wave ")
          .append(p.waveId())
          .append("): ")
          .append(String.join(", ", p.problems()));
    }
    if (notKept > 0) {
      text.append("; and ").append(notKept).append(" more");
    }
    return text.toString();
  }

  /** Back to the record the views carry. */
  public PreflightVerdict toRecord() {
    return PreflightVerdict.newBuilder()
        .setMode(mode)
        .setCheckedAt(checkedAt)
        .setServersChecked(serversChecked)
        .setProblems(
            problems.stream()
                .map(
                    p ->
                        ServerProblem.newBuilder()
                            .setSourceServerId(p.sourceServerId())
                            .setWaveId(p.waveId())
                            .setProblems(p.problems())
                            .build())
                .toList())
        .build();
  }
}
