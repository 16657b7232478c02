package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drctl retry EXECUTION}: a new execution of the same frozen plan that takes over from a
 * FAILED or TIMED_OUT one. Completed waves are carried over and never relaunched; a failed wave
 * relaunches only its servers that did not launch; {@code --skip-wave} marks a failed wave done
 * without relaunching it (an override, recorded with your name). With {@code --follow} it ends like
 * {@code run --follow}: the exit code says how the new execution ended.
 */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description =
        "Retry a FAILED or TIMED_OUT execution from its point of failure, as a new execution.")
public final class RetryCommand implements Callable<Integer> {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;
  @Mixin FollowOptions follow;

  @Parameters(paramLabel = "EXECUTION", description = "the FAILED or TIMED_OUT execution")
  String executionId;

  @Option(
      names = "--skip-wave",
      paramLabel = "WAVE",
      description = "treat this failed wave as done, without relaunching it (repeatable)")
  List<String> skipWaves = new ArrayList<>();

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit trail")
  String reason;

  public RetryCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PlanServiceApi api = service.api();
    JsonNode answer = api.retry(executionId, skipWaves, reason);
    String retryId = answer.path("executionId").asText("");
    if (retryId.isEmpty()) {
      throw new CliException(
          "plan-service accepted the retry of execution "
              + executionId
              + " but named no new execution; see: drctl executions");
    }
    if (follow.follow()) {
      if (!output.json()) {
        io.out().println(requested(retryId));
      }
      return Outcome.followed(io, api, output, follow, retryId);
    }
    if (output.json()) {
      io.out().println(OutputOption.toJson(answer));
    } else {
      io.out()
          .println(requested(retryId) + "; follow it with: drctl status " + retryId + " --follow");
    }
    return ExitCodes.OK;
  }

  private String requested(String retryId) {
    return "retry of execution "
        + executionId
        + " requested: execution "
        + retryId
        + (skipWaves.isEmpty()
            ? ""
            : ", with " + String.join(", ", skipWaves) + " marked done without relaunching");
  }
}
