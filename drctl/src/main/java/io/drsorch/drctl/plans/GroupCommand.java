package io.drsorch.drctl.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.drctl.cli.PlanServiceOption;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import io.drsorch.planmodel.validation.ProtectionGroupValidator;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drctl group ...}: protection groups (named server sets) kept in files. */
@Command(
    name = "group",
    aliases = "protection-group",
    mixinStandardHelpOptions = true,
    description = "Protection groups: apply, validate (offline), list, show, delete.")
public final class GroupCommand {

  static final Definitions DEFINITIONS =
      new Definitions(
          "protection-groups",
          "groupId",
          "group",
          file -> new ProtectionGroupValidator().validate(file.draft(ProtectionGroupDraft.class)),
          GroupCommand::describe);

  private final Io io;

  @Mixin PlanServiceOption service;
  @Mixin OutputOption output;

  public GroupCommand(Io io) {
    this.io = io;
  }

  @Command(name = "apply", description = "Validate a group file, then store it.")
  void apply(
      @Option(
              names = {"-f", "--file"},
              required = true,
              paramLabel = "FILE")
          Path file) {
    DEFINITIONS.apply(io, service.api(), output, file);
  }

  @Command(name = "validate", description = "Check a group file offline.")
  int validate(
      @Option(
              names = {"-f", "--file"},
              required = true,
              paramLabel = "FILE")
          Path file) {
    return DEFINITIONS.validate(io, output, file);
  }

  @Command(name = "list", description = "The stored protection groups.")
  void list() {
    DEFINITIONS.list(io, service.api(), output);
  }

  @Command(name = "show", description = "One stored protection group.")
  void show(@Parameters(paramLabel = "GROUP") String groupId) {
    DEFINITIONS.show(io, service.api(), output, groupId);
  }

  @Command(name = "delete", description = "Delete a protection group no plan names.")
  void delete(@Parameters(paramLabel = "GROUP") String groupId) {
    DEFINITIONS.delete(io, service.api(), output, groupId);
  }

  static String describe(JsonNode group) {
    return group.path("name").asText()
        + ": "
        + group.path("region").asText()
        + ", "
        + group.path("sourceServerIds").size()
        + " servers"
        + (group.hasNonNull("accountId") ? ", account " + group.get("accountId").asText() : "")
        + (group.hasNonNull("roleArn") ? ", role " + group.get("roleArn").asText() : "");
  }
}
