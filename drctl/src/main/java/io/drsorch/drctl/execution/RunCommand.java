package io.drsorch.drctl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drctl run PLAN --drill | --recovery}: starts an execution. A recovery launches real
 * recovery instances, so it asks for the plan id to be typed back unless {@code --yes} is given.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a stored plan as a drill or a real recovery.")
public final class RunCommand implements Callable<Integer> {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;
  @Mixin FollowOptions follow;

  @Parameters(paramLabel = "PLAN", description = "id of the stored plan")
  String planId;

  @ArgGroup(multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(names = "--drill", required = true, description = "launch drill instances")
    boolean drill;

    @Option(
        names = "--recovery",
        required = true,
        description = "launch real recovery instances (asks for confirmation)")
    boolean recovery;
  }

  @Option(
      names = {"-y", "--yes"},
      description = "do not ask before a recovery")
  boolean yes;

  /** What the pre-flight readiness check does with a server that is not ready. */
  enum Preflight {
    ENFORCE,
    WARN
  }

  @Option(
      names = "--preflight",
      paramLabel = "MODE",
      description =
          "ENFORCE: a server not ready rejects the execution (the service's default); WARN: run"
              + " anyway, the problems recorded")
  Preflight preflight;

  @Option(
      names = "--point-in-time",
      paramLabel = "T",
      description =
          "ISO-8601 instant, e.g. 2026-11-22T10:00:00Z: each server launches from its newest"
              + " snapshot at or before it (default: the latest data)")
  String pointInTime;

  public RunCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PlanServiceApi api = service.api();
    String modeName = mode.recovery ? "RECOVERY" : "DRILL";
    if (mode.recovery && !yes) {
      confirm(api.get("plans", planId));
    }
    String executionId =
        api.startExecution(
            planId, modeName, preflight == null ? null : preflight.name(), pointInTime);
    if (follow.follow()) {
      if (!output.json()) {
        io.out().println(modeName + " of plan " + planId + " requested: execution " + executionId);
      }
      return Outcome.followed(io, api, output, follow, executionId);
    }
    if (output.json()) {
      io.out()
          .println(
              OutputOption.toJson(
                  Map.of("executionId", executionId, "planId", planId, "mode", modeName)));
    } else {
      io.out().println(modeName + " of plan " + planId + " requested: execution " + executionId);
      io.out().println("follow it with: drctl status " + executionId + " --follow");
    }
    return ExitCodes.OK;
  }

  /** Shows what a recovery will launch and wants the plan id typed back. */
  private void confirm(JsonNode plan) {
    int servers = 0;
    for (JsonNode wave : plan.path("waves")) {
      servers += wave.path("sourceServerIds").size();
    }
    io.out()
        .printf(
            "RECOVERY of plan %s (%s): %d waves; real recovery instances (isDrill=false) for %d"
                + " named servers, plus those of its protection groups.%n",
            planId, plan.path("name").asText(), plan.path("waves").size(), servers);
    io.out().print("Type the plan id to go ahead: ");
    io.out().flush();
    String answer;
    try {
      answer = io.in().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null) {
      throw new CliException("a recovery needs confirmation: answer the prompt, or pass --yes");
    }
    if (!answer.strip().equals(planId)) {
      throw new CliException("not confirmed: nothing was started");
    }
  }
}
