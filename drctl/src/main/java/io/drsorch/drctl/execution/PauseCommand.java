package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drctl pause EXECUTION}: nothing new launches until {@code drctl resume}. Unlike a cancel
 * it loses nothing: waves already at DRS are tracked to their end, and the ones that become ready
 * meanwhile launch on resume.
 */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Pause an execution: nothing new launches until resumed; running waves go on.")
public final class PauseCommand implements Runnable {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  @Parameters(paramLabel = "EXECUTION")
  String executionId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit trail")
  String reason;

  public PauseCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    JsonNode answer = service.api().pause(executionId, reason);
    if (output.json()) {
      io.out().println(OutputOption.toJson(answer));
    } else {
      io.out()
          .println(
              "pause of execution "
                  + executionId
                  + " requested (command "
                  + answer.path("commandId").asText("-")
                  + "): nothing new launches; resume with: drctl resume "
                  + executionId);
    }
  }
}
