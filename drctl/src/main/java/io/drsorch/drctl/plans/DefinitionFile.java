package io.drsorch.drctl.plans;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.drctl.cli.CliException;
import io.drsorch.planmodel.reading.BodyFormat;
import io.drsorch.planmodel.reading.DraftReader;
import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.schemas.limits.IdFormats;
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
 * <p>The body is read by plan-model's {@link DraftReader}, as the service reads a PUT: the same
 * strictness (an unknown field is an error) and the same messages.
 *
 * @param text the file's content, sent to the service as is
 * @param contentType {@code application/yaml} or {@code application/json}
 * @param version the {@code version} field of a definition read back from the service, else 0
 */
public record DefinitionFile(Path path, String text, String contentType, String id, long version) {

  private static final DraftReader READER = new DraftReader();

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
    BodyFormat format = format(path, text);
    String contentType = format.mediaType();
    JsonNode tree;
    try {
      tree = READER.readOrNull(text, format, JsonNode.class);
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
      return READER.read(text, format(path, text), type);
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
    if (!IdFormats.isId(id.asText())) {
      throw new CliException(path + ": " + idField + ": " + Formats.malformedId(kind, id.asText()));
    }
    return id.asText();
  }

  /** YAML or JSON, by the file's name, else by whether it starts like a JSON object. */
  private static BodyFormat format(Path path, String text) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return BodyFormat.YAML;
    }
    if (name.endsWith(".json")) {
      return BodyFormat.JSON;
    }
    return text.stripLeading().startsWith("{") ? BodyFormat.JSON : BodyFormat.YAML;
  }
}
