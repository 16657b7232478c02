package io.drsorch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The DRS service model (test resource {@code drs-model/service-2.json}) as a checker: lists how a
 * JSON document breaks a shape (unknown members, missing required ones, wrong types, values outside
 * an enum, a pattern or a length). Members the model binds to headers must not be in the body.
 */
final class DrsModel {

  private final JsonNode operations;
  private final JsonNode shapes;

  private DrsModel(JsonNode model) {
    this.operations = model.path("operations");
    this.shapes = model.path("shapes");
  }

  static DrsModel load() {
    try (InputStream in = DrsModel.class.getResourceAsStream("/drs-model/service-2.json")) {
      return new DrsModel(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String outputShape(String operation) {
    return operations.path(operation).path("output").path("shape").asText();
  }

  int successStatus(String operation) {
    return operations.path(operation).path("http").path("responseCode").asInt(200);
  }

  int errorStatus(String errorShape) {
    return shapes.path(errorShape).path("error").path("httpStatusCode").asInt();
  }

  List<String> violations(String shapeName, JsonNode value) {
    List<String> found = new ArrayList<>();
    check(shapeName, value, "$", found);
    return found;
  }

  private void check(String shapeName, JsonNode value, String path, List<String> found) {
    JsonNode shape = shapes.path(shapeName);
    switch (shape.path("type").asText()) {
      case "structure" -> structure(shape, value, path, found);
      case "list" -> {
        if (!value.isArray()) {
          found.add(path + " must be a list (" + shapeName + ")");
          return;
        }
        length(shape, value.size(), path, found);
        for (int i = 0; i < value.size(); i++) {
          check(
              shape.path("member").path("shape").asText(),
              value.get(i),
              path + "[" + i + "]",
              found);
        }
      }
      case "map" -> {
        if (!value.isObject()) {
          found.add(path + " must be a map (" + shapeName + ")");
          return;
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
          check(
              shape.path("value").path("shape").asText(),
              entry.getValue(),
              path + "." + entry.getKey(),
              found);
        }
      }
      case "string" -> string(shapeName, shape, value, path, found);
      case "boolean" -> {
        if (!value.isBoolean()) {
          found.add(path + " must be a boolean");
        }
      }
      case "integer", "long" -> {
        if (!value.isIntegralNumber()) {
          found.add(path + " must be a whole number");
        }
      }
      default ->
          found.add(path + " has shape " + shapeName + " of unchecked type " + shape.path("type"));
    }
  }

  private void structure(JsonNode shape, JsonNode value, String path, List<String> found) {
    if (!value.isObject()) {
      found.add(path + " must be an object");
      return;
    }
    JsonNode members = shape.path("members");
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      JsonNode member = members.path(entry.getKey());
      if (member.isMissingNode()) {
        found.add(path + "." + entry.getKey() + " is not a member of the shape");
      } else if (member.has("location")) {
        found.add(
            path + "." + entry.getKey() + " belongs in the " + member.path("location").asText());
      } else {
        check(member.path("shape").asText(), entry.getValue(), path + "." + entry.getKey(), found);
      }
    }
    for (JsonNode required : shape.path("required")) {
      if (!value.has(required.asText()) && !members.path(required.asText()).has("location")) {
        found.add(path + "." + required.asText() + " is required");
      }
    }
  }

  private void string(
      String name, JsonNode shape, JsonNode value, String path, List<String> found) {
    if (!value.isTextual()) {
      found.add(path + " must be a string (" + name + ")");
      return;
    }
    String text = value.asText();
    length(shape, text.length(), path, found);
    if (shape.has("enum")) {
      boolean known = false;
      for (JsonNode allowed : shape.path("enum")) {
        known |= allowed.asText().equals(text);
      }
      if (!known) {
        found.add(path + " '" + text + "' is not a value of " + name);
      }
    }
    if (shape.has("pattern")
        && !Pattern.compile(shape.path("pattern").asText()).matcher(text).matches()) {
      found.add(
          path + " '" + text + "' does not match " + name + " " + shape.path("pattern").asText());
    }
  }

  private static void length(JsonNode shape, int length, String path, List<String> found) {
    if (shape.has("min") && length < shape.path("min").asLong()) {
      found.add(path + " is shorter than " + shape.path("min"));
    }
    if (shape.has("max") && length > shape.path("max").asLong()) {
      found.add(path + " is longer than " + shape.path("max"));
    }
  }
}
