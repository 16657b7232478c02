package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drctl resume EXECUTION}: ends a pause; waves that became ready meanwhile launch. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Resume a paused execution: waves that became ready meanwhile launch at once.")
public final class ResumeCommand implements Runnable {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  @Parameters(paramLabel = "EXECUTION")
  String executionId;

  public ResumeCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    JsonNode answer = service.api().resume(executionId);
    if (output.json()) {
      io.out().println(OutputOption.toJson(answer));
    } else {
      io.out()
          .println(
              "resume of execution "
                  + executionId
                  + " requested (command "
                  + answer.path("commandId").asText("-")
                  + "): waves that became ready meanwhile launch now");
    }
  }
}
