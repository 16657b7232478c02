package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;

/** Follows an execution to its end and reports it: the summary (or JSON) and the exit code. */
final class Outcome {

  private Outcome() {}

  static int followed(
      Io io, PlanServiceApi api, OutputOption output, FollowOptions options, String executionId) {
    Io shown = output.json() ? Io.quiet(io) : io;
    JsonNode last = new Follower(shown, api, options.interval).follow(executionId, options.timeout);
    if (output.json()) {
      io.out().println(OutputOption.toJson(last));
    } else {
      LiveView.summary(last).forEach(io.out()::println);
    }
    return ExitCodes.ofExecution(last.path("status").asText());
  }
}
