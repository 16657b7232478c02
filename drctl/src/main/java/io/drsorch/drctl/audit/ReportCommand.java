package io.drsorch.drctl.audit;

import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.KafkaOptions;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.scheduler.replay.Recorded;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drctl report --plan PLAN [--since 90d] [--html FILE]}: the evidence an auditor asks of a
 * plan, every execution started in the period with its RTO, worst RPO, cleanup and pre-flight. Read
 * straight from the topics, like {@code drctl audit}: the scheduler's views are the record, and the
 * plan-service need not be up (nor trusted) for the report.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "A plan's drills and recoveries over a period, from the topics: RTO against target, worst"
            + " RPO, cleanup, pre-flight.")
public final class ReportCommand implements Callable<Integer> {

  private final Io io;

  @Mixin KafkaOptions kafka;
  @Mixin OutputOption output;

  @Option(names = "--plan", paramLabel = "PLAN", required = true, description = "the plan's id")
  String planId;

  @Option(
      names = "--since",
      paramLabel = "SPAN",
      converter = Since.class,
      defaultValue = "90d",
      description =
          "executions started within this span back from now: 90d, 12h, 30m or ISO-8601 P90D"
              + " (default ${DEFAULT-VALUE})")
  Duration since;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "also write a self-contained HTML page")
  Path html;

  public ReportCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    List<Recorded<byte[]>> unreadable = new ArrayList<>();
    PlanEvidence evidence;
    try (TopicReader reader = new TopicReader(kafka)) {
      evidence =
          PlanEvidence.of(
              planId,
              reader.latestViews(v -> planId.equals(v.getPlanId()), unreadable),
              since,
              // To the second: the period's start is printed, and nanoseconds say nothing to
              // anyone.
              Instant.now().truncatedTo(ChronoUnit.SECONDS),
              unreadable.size());
    }
    if (html != null) {
      // The same writing as the audit report's, with its one-line error.
      AuditCommand.write(html, PlanEvidenceHtml.render(evidence));
    }
    if (output.json()) {
      io.out().println(OutputOption.toJson(evidence));
    } else {
      PlanEvidenceText.lines(evidence).forEach(io.out()::println);
      if (html != null) {
        io.out().println("report written to " + html);
      }
    }
    return ExitCodes.OK;
  }
}
