package io.drsorch.drctl.audit;

import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.KafkaOptions;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.replay.ExecutionRecords;
import io.drsorch.scheduler.replay.Recorded;
import io.drsorch.scheduler.replay.Replay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drctl audit EXECUTION}: the execution's full timeline, read from the topics from the
 * beginning, then its report as text (waves, approvals, operator actions, critical path); {@code
 * --html} writes the report as a self-contained page; {@code --verify} replays the recorded inputs
 * (the operator's commands included) through a fresh scheduler core and checks it reaches exactly
 * the recorded transitions.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "An execution's full timeline from the topics; an HTML report; a replay proof.")
public final class AuditCommand implements Callable<Integer> {

  private final Io io;

  @Mixin KafkaOptions kafka;
  @Mixin OutputOption output;

  @Parameters(paramLabel = "EXECUTION")
  String executionId;

  @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML report")
  Path html;

  @Option(
      names = "--verify",
      description =
          "replay the recorded inputs through a fresh scheduler core and compare with the history"
              + " and with the last view on drs.executions (the scheduler's settings, e.g."
              + " SCHEDULER_LAUNCH_MAX_ATTEMPTS, are read from the environment as the scheduler"
              + " reads them)")
  boolean verify;

  @Option(
      names = "--history-topic",
      paramLabel = "TOPIC",
      description = "read the history from this topic, e.g. a copy (default ${DEFAULT-VALUE})",
      defaultValue = "drs.execution-history")
  String historyTopic;

  @Option(
      names = "--quiet",
      description = "no timeline and no text report; only where the HTML went, or the verdict")
  boolean quiet;

  public AuditCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    AuditRecords read;
    try (TopicReader reader = new TopicReader(kafka)) {
      read = reader.read(executionId, historyTopic);
    }
    ExecutionRecords records = read.execution();
    if (records.isEmpty()) {
      throw new CliException("no records of execution " + executionId + " on the topics");
    }
    List<Timeline.Entry> timeline = Timeline.of(records, read.actionRuns());
    Replay.Verdict verdict =
        verify ? new Replay(RetryPolicy.fromEnvironment(System.getenv())).verify(records) : null;
    // A report needs the status view on drs.executions. Without one the timeline still tells the
    // story; only --html, which asked for the report, fails (Report.of says why).
    Report report = records.lastView() == null && html == null ? null : Report.of(records);
    if (html != null) {
      write(html, HtmlReport.render(report));
    }
    if (output.json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("executionId", executionId);
      out.put("timeline", timeline);
      out.put("unreadableRecords", records.unreadable().stream().map(Recorded::where).toList());
      if (verdict != null) {
        out.put("verification", verdict);
      }
      io.out().println(OutputOption.toJson(out));
    } else {
      if (!quiet) {
        Timeline.lines(timeline).forEach(io.out()::println);
        for (Recorded<byte[]> bad : records.unreadable()) {
          io.out().println("unreadable record at " + bad.where() + " (see drs.dead-letters)");
        }
        if (report != null) {
          io.out().println();
          TextReport.lines(report).forEach(io.out()::println);
        }
      }
      if (html != null) {
        io.out().println("report written to " + html);
      }
      if (verdict != null) {
        printVerdict(verdict);
      }
    }
    return verdict == null || verdict.verified() ? ExitCodes.OK : ExitCodes.NOT_VERIFIED;
  }

  private void printVerdict(Replay.Verdict v) {
    if (v.verified()) {
      io.out()
          .printf(
              "verified: replaying %d recorded inputs (%d timer firings) through a fresh scheduler"
                  + " core reaches exactly the %d recorded transitions%n",
              v.inputs(), v.timers(), v.recordedTransitions());
    } else {
      io.out()
          .printf(
              "NOT verified: %d recorded transitions, %d from replaying %d inputs%n",
              v.recordedTransitions(), v.replayedTransitions(), v.inputs());
      v.differences().forEach(d -> io.out().println("  " + d));
    }
  }

  static void write(Path file, String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    }
  }
}
