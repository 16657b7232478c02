package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drctl cancel EXECUTION}: launch nothing more; running waves are tracked to their end. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel an execution: nothing more launches; running DRS jobs are tracked.")
public final class CancelCommand implements Runnable {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  @Parameters(paramLabel = "EXECUTION")
  String executionId;

  @Option(names = "--reason", description = "why, for the audit trail")
  String reason;

  public CancelCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    JsonNode answer = service.api().cancel(executionId, reason);
    if (output.json()) {
      io.out().println(OutputOption.toJson(answer));
    } else {
      io.out()
          .println(
              "cancel of execution "
                  + executionId
                  + " requested: nothing more launches; running waves are tracked to their end");
    }
  }
}
