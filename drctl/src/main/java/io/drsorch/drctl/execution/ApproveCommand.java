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
 * {@code drctl approve EXECUTION WAVE}: lets a wave that waits at its approval gate launch. The
 * approver on record is whoever plan-service says is signed in, never a name drctl sends.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = "Approve a wave that waits for approval (WAITING_APPROVAL): it launches.")
public final class ApproveCommand implements Runnable {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  @Parameters(index = "0", paramLabel = "EXECUTION")
  String executionId;

  @Parameters(index = "1", paramLabel = "WAVE", description = "the wave that waits for approval")
  String waveId;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      description = "what you want on record with the approval")
  String comment;

  public ApproveCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    JsonNode answer = service.api().approve(executionId, waveId, comment);
    if (output.json()) {
      io.out().println(OutputOption.toJson(answer));
    } else {
      io.out()
          .println(
              "approval of wave "
                  + waveId
                  + " of execution "
                  + executionId
                  + " requested (command "
                  + answer.path("commandId").asText("-")
                  + "): it launches unless the execution is paused");
    }
  }
}
