package io.drsorch.plans.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drsorch.plans.validation.PlanDraft;
import io.drsorch.plans.validation.ProtectionGroupDraft;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Locale;

/**
 * Reads request bodies as JSON or, when the content type says so, YAML, into the drafts the
 * validators check. Strict on purpose: an unknown field (a misspelt {@code dependOn}) is an error
 * rather than silently ignored, because a dropped dependency would change the recovery order. Every
 * parse failure becomes a 400 with path "" and a message saying where and what.
 */
@ApplicationScoped
public class RequestBodies {

  /** The read-only fields of a GET answer, so that a plan read back can be PUT again as is. */
  @JsonIgnoreProperties({"planId", "version", "updatedAt"})
  private abstract static class PlanDraftMixin {}

  @JsonIgnoreProperties({"groupId", "version", "updatedAt"})
  private abstract static class ProtectionGroupDraftMixin {}

  private final ObjectMapper json = configure(new ObjectMapper());
  private final ObjectMapper yaml = configure(new ObjectMapper(new YAMLFactory()));

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .addMixIn(PlanDraft.class, PlanDraftMixin.class)
        .addMixIn(ProtectionGroupDraft.class, ProtectionGroupDraftMixin.class);
  }

  /**
   * @param contentType the request's Content-Type; YAML for {@code application/yaml}, {@code
   *     application/x-yaml} and {@code text/yaml}, JSON otherwise
   * @throws InvalidRequestException when the body is empty, malformed or has wrong types
   */
  public <T> T read(String body, String contentType, Class<T> type) {
    T value = readOrNull(body, contentType, type);
    if (value == null) {
      throw InvalidRequestException.of("", "a request body is required");
    }
    return value;
  }

  /** Like {@link #read}, but an empty body gives null. */
  public <T> T readOrNull(String body, String contentType, Class<T> type) {
    if (body == null || body.isBlank()) {
      return null;
    }
    boolean isYaml = isYaml(contentType);
    try {
      return (isYaml ? yaml : json).readValue(body, type);
    } catch (JacksonException e) {
      throw InvalidRequestException.of("", describe(e, isYaml ? "YAML" : "JSON"));
    }
  }

  static boolean isYaml(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("yaml");
  }

  private static String describe(JacksonException e, String format) {
    if (e.getCause() instanceof StreamReadException cause) {
      // A syntax error inside a value: the parser's own report, wrapped by the binder.
      return malformed(cause, format);
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      String at = path(unknown.getPath().subList(0, unknown.getPath().size() - 1));
      return "unknown field '"
          + unknown.getPropertyName()
          + "'"
          + (at.isEmpty() ? "" : " in " + at)
          + "; known fields: "
          + unknown.getKnownPropertyIds();
    }
    if (e instanceof MismatchedInputException mismatch
        && !String.valueOf(mismatch.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
      String at = path(mismatch.getPath());
      return "wrong type"
          + (at.isEmpty() ? "" : " at " + at)
          + ": expected "
          + expected(mismatch.getTargetType());
    }
    return malformed(e, format);
  }

  private static String malformed(JacksonException e, String format) {
    return "malformed " + format + location(e.getLocation()) + ": " + e.getOriginalMessage();
  }

  private static String path(java.util.List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class) {
      return "a whole number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String location(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
