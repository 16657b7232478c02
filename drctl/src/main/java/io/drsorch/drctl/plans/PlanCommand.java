package io.drsorch.drctl.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.PlanValidator;
import io.drsorch.planmodel.validation.ProtectionGroups;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drctl plan ...}: recovery plans kept in files, stored by the plan-service. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Recovery plans: apply, validate (offline), list, show, delete, check (readiness in DRS).")
public final class PlanCommand {

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  public PlanCommand(Io io) {
    this.io = io;
  }

  /** Plans as files and answers show them: planId beside the fields a PUT takes. */
  public static Definitions definitions(ProtectionGroups groups) {
    return new Definitions(
        "plans",
        "planId",
        "plan",
        file -> new PlanValidator(groups).validate(file.draft(PlanDraft.class)),
        PlanCommand::describe);
  }

  @Command(name = "apply", description = "Validate a plan file, then store it (new version).")
  void apply(
      @Option(
              names = {"-f", "--file"},
              required = true,
              paramLabel = "FILE")
          Path file) {
    definitions(ProtectionGroups.none()).apply(io, service.api(), output, file);
  }

  @Command(
      name = "validate",
      description =
          "Check a plan file offline, with the service's own rules and messages. Protection"
              + " groups the plan names are read from -g files.")
  int validate(
      @Option(
              names = {"-f", "--file"},
              required = true,
              paramLabel = "FILE")
          Path file,
      @Option(
              names = {"-g", "--group-file"},
              paramLabel = "FILE",
              description = "a protection group file the plan may name (repeatable)")
          List<Path> groupFiles) {
    return definitions(GroupFiles.read(groupFiles).lookup()).validate(io, output, file);
  }

  @Command(name = "list", description = "The stored plans.")
  void list() {
    definitions(ProtectionGroups.none()).list(io, service.api(), output);
  }

  @Command(name = "show", description = "One stored plan (-o json gives a file apply takes back).")
  void show(@Parameters(paramLabel = "PLAN") String planId) {
    definitions(ProtectionGroups.none()).show(io, service.api(), output, planId);
  }

  @Command(name = "delete", description = "Delete a plan; running executions keep their copy.")
  void delete(@Parameters(paramLabel = "PLAN") String planId) {
    definitions(ProtectionGroups.none()).delete(io, service.api(), output, planId);
  }

  /** The modes a plan can be checked for. */
  enum Mode {
    DRILL,
    RECOVERY
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Pre-flight: ask DRS (through the plan-service) whether every server of the plan could be"
            + " launched now: known to DRS, in no running job; for a DRILL replicating"
            + " CONTINUOUS with a lag within the plan's maxReplicationLagMinutes; for a RECOVERY"
            + " with a recovery snapshot; with --point-in-time, a snapshot at or before it.",
        "Exit code 0 when every server is ready, " + ExitCodes.NOT_READY + " when one is not."
      })
  int check(
      @Parameters(paramLabel = "PLAN") String planId,
      @Option(names = "--mode", paramLabel = "MODE", description = "DRILL (default) or RECOVERY")
          Mode mode,
      @Option(
              names = "--point-in-time",
              paramLabel = "T",
              description =
                  "ISO-8601 instant, e.g. 2026-11-22T10:00:00Z: a snapshot at or before it")
          String pointInTime) {
    JsonNode answer =
        service.api().readiness(planId, mode == null ? null : mode.name(), pointInTime);
    io.out().println(output.json() ? OutputOption.toJson(answer) : ReadinessTable.render(answer));
    return answer.path("ready").asBoolean() ? ExitCodes.OK : ExitCodes.NOT_READY;
  }

  static String describe(JsonNode plan) {
    List<String> waves = new ArrayList<>();
    int servers = 0;
    int fromGroups = 0;
    for (JsonNode wave : plan.path("waves")) {
      waves.add(wave.path("id").asText());
      servers += wave.path("sourceServerIds").size();
      // A wave naming a group and no servers takes the whole group, resolved at execution time.
      if (wave.hasNonNull("protectionGroupId") && wave.path("sourceServerIds").isEmpty()) {
        fromGroups++;
      }
    }
    return plan.path("name").asText()
        + ": "
        + waves.size()
        + (waves.size() == 1 ? " wave" : " waves")
        + " ["
        + String.join(", ", waves)
        + "], "
        + servers
        + (servers == 1 ? " server" : " servers")
        + (fromGroups == 0
            ? ""
            : " and the servers of " + fromGroups + (fromGroups == 1 ? " group" : " groups"));
  }
}
