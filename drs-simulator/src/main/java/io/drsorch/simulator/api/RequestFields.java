package io.drsorch.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.drsorch.simulator.account.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads request members and checks them against the constraints of the service model, answering a
 * {@code ValidationException} (reason {@code fieldValidationFailed}) naming the field.
 */
public final class RequestFields {

  /** The model's {@code ISO8601DatetimeString}. */
  private static final Pattern ISO8601 =
      Pattern.compile(
          "[1-9][0-9]*-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([0-1][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?Z");

  private RequestFields() {}

  /**
   * An optional {@code ISO8601DatetimeString} member, e.g. {@code 2026-11-22T10:00:00.000Z}.
   *
   * @param path how errors name the member, e.g. {@code filters.fromDate}
   */
  public static Optional<Instant> dateTime(JsonNode parent, String name, String path) {
    return string(parent, name, path, ISO8601)
        .map(
            text ->
                Timestamps.parse(text)
                    .orElseThrow(() -> DrsError.invalidField(path, "is not a valid date")));
  }

  /** An optional member whose value must be one of {@code values}. */
  public static Optional<String> oneOf(JsonNode parent, String name, List<String> values) {
    Optional<String> value = string(parent, name, null);
    if (value.isPresent() && !values.contains(value.get())) {
      throw DrsError.invalidField(
          name, "'" + value.get() + "' is not one of " + String.join(", ", values));
    }
    return value;
  }

  /** An optional structure member; a missing or null one reads as absent. */
  public static JsonNode structure(JsonNode parent, String name) {
    JsonNode value = parent.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return MissingNode.getInstance();
    }
    if (!value.isObject()) {
      throw DrsError.invalidField(name, "must be an object");
    }
    return value;
  }

  public static Optional<String> string(JsonNode parent, String name, Pattern pattern) {
    return string(parent, name, name, pattern);
  }

  /**
   * An optional string member.
   *
   * @param path how errors name the member, e.g. {@code sourceServers[0].sourceServerID}
   */
  public static Optional<String> string(
      JsonNode parent, String name, String path, Pattern pattern) {
    JsonNode value = parent.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw DrsError.invalidField(path, "must be a string");
    }
    if (pattern != null && !pattern.matcher(value.asText()).matches()) {
      throw DrsError.invalidField(path, "must match " + pattern.pattern());
    }
    return Optional.of(value.asText());
  }

  public static String requiredString(JsonNode parent, String name, Pattern pattern) {
    return requiredString(parent, name, name, pattern);
  }

  public static String requiredString(JsonNode parent, String name, String path, Pattern pattern) {
    return string(parent, name, path, pattern)
        .orElseThrow(() -> DrsError.invalidField(path, "is required"));
  }

  public static boolean bool(JsonNode parent, String name) {
    JsonNode value = parent.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw DrsError.invalidField(name, "must be a boolean");
    }
    return value.booleanValue();
  }

  /**
   * A list of distinct strings, each matching {@code pattern}, between {@code min} and {@code max}
   * long; a missing list reads as empty (and fails {@code min} if that is above 0).
   */
  public static List<String> distinctStrings(
      JsonNode parent, String name, int min, int max, Pattern pattern) {
    return strings(parent, name, name, min, max, pattern, true);
  }

  /** Like {@link #distinctStrings} but allowing repeats, as filters do. */
  public static List<String> strings(
      JsonNode parent,
      String name,
      String path,
      int min,
      int max,
      Pattern pattern,
      boolean distinct) {
    JsonNode value = parent.path(name);
    List<String> result = new ArrayList<>();
    if (!value.isMissingNode() && !value.isNull()) {
      if (!value.isArray()) {
        throw DrsError.invalidField(path, "must be a list");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < value.size(); i++) {
        String element = path + "[" + i + "]";
        JsonNode item = value.get(i);
        if (!item.isTextual()) {
          throw DrsError.invalidField(element, "must be a string");
        }
        if (!pattern.matcher(item.asText()).matches()) {
          throw DrsError.invalidField(
              element, "'" + item.asText() + "' must match " + pattern.pattern());
        }
        if (!seen.add(item.asText()) && distinct) {
          throw DrsError.invalidField(element, "'" + item.asText() + "' is listed twice");
        }
        result.add(item.asText());
      }
    }
    checkSize(path, result.size(), min, max);
    return result;
  }

  public static void checkSize(String name, int size, int min, int max) {
    if (size < min || size > max) {
      throw DrsError.invalidField(
          name, "must have between " + min + " and " + max + " items, got " + size);
    }
  }

  /** A {@code TagsMap}: keys and values of at most 256 characters. */
  public static Map<String, String> tags(JsonNode parent, String name) {
    JsonNode value = parent.path(name);
    Map<String, String> tags = new LinkedHashMap<>();
    if (value.isMissingNode() || value.isNull()) {
      return tags;
    }
    if (!value.isObject()) {
      throw DrsError.invalidField(name, "must be a map of strings");
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String field = name + "." + entry.getKey();
      if (!entry.getValue().isTextual()) {
        throw DrsError.invalidField(field, "must be a string");
      }
      if (entry.getKey().length() > 256 || entry.getValue().asText().length() > 256) {
        throw DrsError.invalidField(field, "keys and values have at most 256 characters");
      }
      tags.put(entry.getKey(), entry.getValue().asText());
    }
    return tags;
  }
}
