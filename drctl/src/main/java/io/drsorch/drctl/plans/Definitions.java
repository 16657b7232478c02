package io.drsorch.drctl.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.api.PlanServiceApi;
import io.drsorch.drctl.cli.ExitCodes;
import io.drsorch.drctl.cli.Io;
import io.drsorch.drctl.cli.OutputOption;
import io.drsorch.planmodel.validation.ValidationError;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * What {@code plan} and {@code group} have in common: apply, validate, list, show and delete one
 * kind of definition kept in a file and stored by the plan-service.
 *
 * @param resource the REST collection, {@code plans} or {@code protection-groups}
 * @param idField the id's field in files and answers
 * @param noun "plan" or "group"
 * @param validate the service's own validation of a file's draft
 * @param describe one line about a stored definition, after its id
 */
public record Definitions(
    String resource,
    String idField,
    String noun,
    Function<DefinitionFile, List<ValidationError>> validate,
    Function<JsonNode, String> describe) {

  /** Stores the file; the service validates it (against the groups it stores) and says why not. */
  void apply(Io io, PlanServiceApi api, OutputOption output, Path file) {
    DefinitionFile definition = read(file);
    JsonNode stored =
        api.put(resource, definition.id(), definition.text(), definition.contentType());
    if (output.json()) {
      io.out().println(OutputOption.toJson(stored));
    } else {
      io.out()
          .println(
              noun
                  + " "
                  + definition.id()
                  + " stored, version "
                  + stored.path("version").asLong()
                  + " ("
                  + describe.apply(stored)
                  + ")");
    }
  }

  /**
   * Checks the file as the service would; with {@code -o json} the verdict, errors included, goes
   * to stdout for scripts (exit code 1 when invalid), else errors are an exception (stderr).
   */
  int validate(Io io, OutputOption output, Path file) {
    DefinitionFile definition = read(file);
    List<ValidationError> errors = validate.apply(definition);
    if (output.json()) {
      io.out().println(OutputOption.toJson(new Verdict(definition.id(), errors.isEmpty(), errors)));
      return errors.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }
    if (!errors.isEmpty()) {
      throw definition.invalid(errors);
    }
    io.out().println(file + ": " + noun + " " + definition.id() + " is valid");
    return ExitCodes.OK;
  }

  /** The file's errors as the service would report them; none means valid. */
  public List<ValidationError> errors(DefinitionFile definition) {
    return validate.apply(definition);
  }

  void list(Io io, PlanServiceApi api, OutputOption output) {
    JsonNode all = api.list(resource);
    if (output.json()) {
      io.out().println(OutputOption.toJson(all));
      return;
    }
    if (all.isEmpty()) {
      io.out().println("no " + noun + "s");
    }
    for (JsonNode item : all) {
      io.out()
          .printf(
              "%-24s v%-4d %s%n",
              item.path(idField).asText(), item.path("version").asLong(), describe.apply(item));
    }
  }

  void show(Io io, PlanServiceApi api, OutputOption output, String id) {
    JsonNode item = api.get(resource, id);
    io.out().println(output.json() ? OutputOption.toJson(item) : Pretty.definition(item, idField));
  }

  void delete(Io io, PlanServiceApi api, OutputOption output, String id) {
    api.delete(resource, id);
    io.out()
        .println(
            output.json()
                ? OutputOption.toJson(java.util.Map.of(idField, id, "deleted", true))
                : noun + " " + id + " deleted");
  }

  public DefinitionFile read(Path file) {
    return DefinitionFile.read(file, idField, noun);
  }

  /** What {@code validate -o json} prints. */
  record Verdict(String id, boolean valid, List<ValidationError> errors) {}
}
