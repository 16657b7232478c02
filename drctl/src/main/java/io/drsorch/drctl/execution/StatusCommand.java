package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code drctl status EXECUTION [--follow]}: the status view, once or live. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "An execution's status: per wave, servers launched, DRS job ids, times.")
public final class StatusCommand implements Callable<Integer> {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;
  @Mixin FollowOptions follow;

  @Parameters(paramLabel = "EXECUTION")
  String executionId;

  public StatusCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (follow.follow()) {
      return Outcome.followed(io, service.api(), output, follow, executionId);
    }
    JsonNode view = service.api().execution(executionId);
    if (output.json()) {
      io.out().println(OutputOption.toJson(view));
    } else {
      LiveView.lines(view, Instant.now()).forEach(io.out()::println);
      if (LiveView.isTerminal(view)) {
        LiveView.summary(view).forEach(io.out()::println);
      }
    }
    return ExitCodes.OK;
  }
}
