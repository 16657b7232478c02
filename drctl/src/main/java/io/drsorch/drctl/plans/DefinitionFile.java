package io.drsorch.drctl.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.plans.http.InvalidRequestException;
import io.drsorch.plans.http.RequestBodies;
import io.drsorch.plans.validation.Formats;
import io.drsorch.plans.validation.ValidationError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A plan or protection group kept in a file (YAML or JSON), in exactly the shape the plan-service
 * answers a GET with: its id ({@code planId} or {@code groupId}) beside the fields a PUT takes, so
 * {@code drctl plan show ID -o json > plan.json} gives a file {@code plan apply} takes back.
 *
 * <p>The body is read by the service's own {@link RequestBodies}: the same strictness (an unknown
 * field is an error) and the same messages as a PUT.
 *
 * @param text the file's content, sent to the service as is
 * @param contentType {@code application/yaml} or {@code application/json}
 * @param version the {@code version} field of a definition read back from the service, else 0
 */
public record DefinitionFile(Path path, String text, String contentType, String id, long version) {

  private static final RequestBodies BODIES = new RequestBodies();

  /**
   * @param idField {@code planId} or {@code groupId}
   * @param kind "plan" or "group", for messages
   */
  public static DefinitionFile read(Path path, String idField, String kind) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException(path + ": no such file");
    } catch (IOException e) {
      throw new CliException(path + ": cannot read: " + e.getMessage());
    }
    String contentType = isYaml(path, text) ? "application/yaml" : "application/json";
    JsonNode tree;
    try {
      tree = BODIES.readOrNull(text, contentType, JsonNode.class);
    } catch (InvalidRequestException e) {
      throw new DefinitionFile(path, text, contentType, null, 0).invalid(e.errors());
    }
    if (tree == null) {
      throw new CliException(path + ": the file is empty");
    }
    long version = tree.path("version").canConvertToLong() ? tree.path("version").asLong() : 0;
    return new DefinitionFile(path, text, contentType, idOf(path, tree, idField, kind), version);
  }

  /** The draft in the file, as the service would read it; errors name the file. */
  public <T> T draft(Class<T> type) {
    try {
      return BODIES.read(text, contentType, type);
    } catch (InvalidRequestException e) {
      throw invalid(e.errors());
    }
  }

  /** An exception listing {@code errors} one per line, each prefixed with this file's name. */
  public CliException invalid(List<ValidationError> errors) {
    StringBuilder message = new StringBuilder();
    for (ValidationError error : errors) {
      if (message.length() > 0) {
        message.append('\n');
      }
      message.append(path).append(": ");
      if (!error.path().isEmpty()) {
        message.append(error.path()).append(": ");
      }
      message.append(error.message());
    }
    return new CliException(message.toString());
  }

  private static String idOf(Path path, JsonNode tree, String idField, String kind) {
    JsonNode id = tree.get(idField);
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw new CliException(
          path + ": " + idField + " is required: the id the " + kind + " is stored under");
    }
    if (!Formats.isId(id.asText())) {
      throw new CliException(path + ": " + idField + ": " + Formats.malformedId(kind, id.asText()));
    }
    return id.asText();
  }

  private static boolean isYaml(Path path, String text) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return true;
    }
    if (name.endsWith(".json")) {
      return false;
    }
    return !text.stripLeading().startsWith("{");
  }
}
