package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drctl executions [--plan ID]}: executions, newest first. */
@Command(
    name = "executions",
    mixinStandardHelpOptions = true,
    description = "Executions, newest first.")
public final class ExecutionsCommand implements Runnable {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  @Option(names = "--plan", paramLabel = "PLAN", description = "only those of this plan")
  String planId;

  public ExecutionsCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    JsonNode all = service.api().executions(planId);
    if (output.json()) {
      io.out().println(OutputOption.toJson(all));
      return;
    }
    if (all.isEmpty()) {
      io.out().println("no executions" + (planId == null ? "" : " of plan " + planId));
      return;
    }
    String format = "%-36s  %-20s  %-8s  %-9s  %-24s  %s%n";
    io.out().printf(format, "EXECUTION", "PLAN", "MODE", "STATUS", "STARTED", "ENDED");
    for (JsonNode e : all) {
      io.out()
          .printf(
              format,
              e.path("executionId").asText(),
              e.path("planId").asText(),
              e.path("mode").asText(),
              e.path("status").asText(),
              e.path("startedAt").asText("-"),
              e.path("endedAt").isTextual() ? e.path("endedAt").asText() : "-");
    }
  }
}
