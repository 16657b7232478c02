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
 * {@code drctl reject EXECUTION WAVE}: refuses a wave that waits at its approval gate. It ends
 * SKIPPED, and so does every wave that depends on it; independent waves run on.
 */
@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description =
        "Reject a wave that waits for approval: it and the waves depending on it are skipped.")
public final class RejectCommand implements Runnable {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  @Parameters(index = "0", paramLabel = "EXECUTION")
  String executionId;

  @Parameters(index = "1", paramLabel = "WAVE", description = "the wave that waits for approval")
  String waveId;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit trail")
  String reason;

  public RejectCommand(Io io) {
    this.io = io;
  }

  @Override
  public void run() {
    JsonNode answer = service.api().reject(executionId, waveId, reason);
    if (output.json()) {
      io.out().println(OutputOption.toJson(answer));
    } else {
      io.out()
          .println(
              "rejection of wave "
                  + waveId
                  + " of execution "
                  + executionId
                  + " requested (command "
                  + answer.path("commandId").asText("-")
                  + "): it is skipped, with every wave that depends on it");
    }
  }
}
