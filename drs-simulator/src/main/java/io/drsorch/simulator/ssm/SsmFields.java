package io.drsorch.simulator.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads SSM request members and checks them against the constraints of the SSM service model. A
 * member of the wrong JSON type is a SerializationException (the SDK never sends one); a value that
 * breaks a constraint is a ValidationException naming the member as AWS does, in lower camel case
 * ({@code clientToken} for {@code ClientToken}).
 */
final class SsmFields {

  /** The model's {@code IdempotencyToken}: a UUID, 36 characters. */
  static final int CLIENT_TOKEN_LENGTH = 36;

  static final Pattern CLIENT_TOKEN =
      Pattern.compile(
          "[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}");

  /** The model's {@code AutomationExecutionId}: exactly 36 characters. */
  static final int EXECUTION_ID_LENGTH = 36;

  /** The model's {@code AutomationParameterMap} holds at most 200 keys of 1..50 characters. */
  private static final int MAX_PARAMETERS = 200;

  private static final int MAX_PARAMETER_KEY_LENGTH = 50;

  private SsmFields() {}

  static Optional<String> string(JsonNode body, String member) {
    JsonNode value = body.path(member);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw SsmError.serialization(member + " must be a string");
    }
    return Optional.of(value.asText());
  }

  static String required(JsonNode body, String member) {
    return string(body, member)
        .orElseThrow(() -> SsmError.validation(null, camel(member), "Member must not be null"));
  }

  static String matching(String value, String member, Pattern pattern) {
    if (!pattern.matcher(value).matches()) {
      throw SsmError.validation(
          value,
          camel(member),
          "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
    return value;
  }

  static String ofLength(String value, String member, int length) {
    if (value.length() < length) {
      throw SsmError.validation(
          value, camel(member), "Member must have length greater than or equal to " + length);
    }
    if (value.length() > length) {
      throw SsmError.validation(
          value, camel(member), "Member must have length less than or equal to " + length);
    }
    return value;
  }

  static String oneOf(String value, String member, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw SsmError.validation(
          value, camel(member), "Member must satisfy enum value set: " + allowed);
    }
    return value;
  }

  /** A map of string lists, such as {@code Parameters}; empty when missing. */
  static Map<String, List<String>> parameters(JsonNode body, String member) {
    JsonNode value = body.path(member);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (value.isMissingNode() || value.isNull()) {
      return parameters;
    }
    if (!value.isObject()) {
      throw SsmError.serialization(member + " must be a map of string lists");
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String key = entry.getKey();
      if (key.isEmpty() || key.length() > MAX_PARAMETER_KEY_LENGTH) {
        throw SsmError.validation(
            key,
            camel(member) + ".key",
            "Member must have length between 1 and " + MAX_PARAMETER_KEY_LENGTH);
      }
      parameters.put(key, strings(entry.getValue(), member + "." + key));
    }
    if (parameters.size() > MAX_PARAMETERS) {
      throw SsmError.validation(
          null, camel(member), "Member must have length less than or equal to " + MAX_PARAMETERS);
    }
    return parameters;
  }

  private static List<String> strings(JsonNode list, String member) {
    if (!list.isArray()) {
      throw SsmError.serialization(member + " must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : list) {
      if (!item.isTextual()) {
        throw SsmError.serialization(member + " must be a list of strings");
      }
      values.add(item.asText());
    }
    return values;
  }

  /** {@code ClientToken} becomes {@code clientToken}, as AWS's validation messages name it. */
  static String camel(String member) {
    return Character.toLowerCase(member.charAt(0)) + member.substring(1);
  }
}
