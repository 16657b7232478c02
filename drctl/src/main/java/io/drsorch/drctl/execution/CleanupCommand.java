package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drctl cleanup EXECUTION [--wait]}: terminates the recovery instances an ended drill
 * launched, and only those. Asking again is harmless: the answer is the state of the cleanup asked
 * for first. With {@code --wait} it follows the cleanup to its end, lists the instances terminated
 * (and any left), and the exit code says how it ended, as {@code run --follow}'s does.
 */
@Command(
    name = "cleanup",
    mixinStandardHelpOptions = true,
    description =
        "Terminate the recovery instances an ended drill launched (never a recovery's); asking"
            + " again shows the state.")
public final class CleanupCommand implements Callable<Integer> {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  @Parameters(paramLabel = "EXECUTION", description = "the ended DRILL")
  String executionId;

  @Option(
      names = {"-w", "--wait"},
      description =
          "wait until the cleanup COMPLETED or FAILED and list the instances terminated; exit code"
              + " 0 when it COMPLETED, "
              + ExitCodes.FAILED
              + " when it FAILED")
  boolean await;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      description = "how often --wait reads the status (ISO-8601; default ${DEFAULT-VALUE})",
      defaultValue = "PT2S")
  Duration interval;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "stop waiting after this long (ISO-8601, e.g. PT30M; default: never)")
  Duration timeout;

  public CleanupCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PlanServiceApi api = service.api();
    JsonNode answer = api.cleanup(executionId);
    JsonNode cleanup = answer.path("cleanup");
    if (!await) {
      if (output.json()) {
        io.out().println(OutputOption.toJson(answer));
      } else {
        CleanupText.summary(executionId, cleanup).forEach(io.out()::println);
        if (!CleanupText.ended(cleanup)) {
          io.out().println("wait for it with: drctl cleanup " + executionId + " --wait");
        }
      }
      return ExitCodes.OK;
    }
    JsonNode ended = cleanup;
    if (!CleanupText.ended(cleanup)) {
      if (!output.json()) {
        io.out().println(CleanupText.state(executionId, cleanup));
      }
      ended =
          new CleanupWaiter(output.json() ? Io.quiet(io) : io, api, interval)
              .await(executionId, timeout);
    }
    if (output.json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("executionId", executionId);
      out.put("cleanup", ended);
      io.out().println(OutputOption.toJson(out));
    } else {
      CleanupText.summary(executionId, ended).forEach(io.out()::println);
    }
    return ExitCodes.ofCleanup(ended.path("status").asText());
  }
}
