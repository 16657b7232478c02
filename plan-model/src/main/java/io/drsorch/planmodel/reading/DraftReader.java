package io.drsorch.planmodel.reading;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import io.drsorch.planmodel.validation.ValidationError;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Reads a body, JSON or YAML, into the drafts the validators check: what plan-service reads from a
 * request and drctl from a plan or group file, with the same strictness and the same messages.
 * Strict on purpose, because a plan decides what is recovered in which order:
 *
 * <ul>
 *   <li>an unknown field (a misspelt {@code dependOn}) is an error rather than ignored: a dropped
 *       dependency would change the recovery order;
 *   <li>a key given twice is an error rather than the last one winning: {@code "dependsOn": ["db"],
 *       "dependsOn": []} would silently drop the dependency a reviewer saw;
 *   <li>no value is coerced to another type: {@code "timeoutMinutes": "30"} and {@code "name":
 *       12345} are errors. In YAML an unquoted {@code 12345}, {@code on} or {@code 0x1F} is a
 *       number or a boolean, not text, and is refused the same way (the message says to quote it):
 *       reading it as text would store {@code 31} for {@code 0x1F} or {@code true} for {@code on}.
 * </ul>
 *
 * <p>Every failure is an error at the path of the offending field ({@code waves[0].dependsOn}), or
 * at path "" with where and what for a syntax error. Which format a body is in is the caller's to
 * say (plan-service goes by the Content-Type, drctl by the file): a body is never sniffed here.
 */
public final class DraftReader {

  /** The read-only fields of a GET answer, so that a plan read back can be PUT again as is. */
  @JsonIgnoreProperties({"planId", "version", "updatedAt"})
  private abstract static class PlanDraftMixin {}

  @JsonIgnoreProperties({"groupId", "version", "updatedAt"})
  private abstract static class ProtectionGroupDraftMixin {}

  /** Jackson's own words for a key given twice (its parsers have no exception type for it). */
  private static final String DUPLICATE_FIELD = "Duplicate field '";

  private final ObjectMapper json = configure(JsonMapper.builder()).build();
  private final ObjectMapper yaml = configure(YAMLMapper.builder()).build();

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(
            LogicalType.Textual,
            text ->
                text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .withCoercionConfigDefaults(
            any -> any.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
        .addMixIn(PlanDraft.class, PlanDraftMixin.class)
        .addMixIn(ProtectionGroupDraft.class, ProtectionGroupDraftMixin.class);
  }

  /**
   * @throws InvalidRequestException when the body is empty, malformed or has wrong types
   */
  public <T> T read(String body, BodyFormat format, Class<T> type) {
    T value = readOrNull(body, format, type);
    if (value == null) {
      throw InvalidRequestException.of("", "a request body is required");
    }
    return value;
  }

  /** Like {@link #read}, but an empty body gives null, before {@code format} is looked at. */
  public <T> T readOrNull(String body, BodyFormat format, Class<T> type) {
    if (body == null || body.isBlank()) {
      return null;
    }
    ObjectMapper mapper = format == BodyFormat.YAML ? yaml : json;
    JsonParser parser = null;
    try {
      // The parser is closed only after a failure is described: its state says where it was.
      parser = mapper.createParser(body);
      return mapper.readValue(parser, type);
    } catch (JacksonException e) {
      throw new InvalidRequestException(List.of(describe(e, parser, format)));
    } catch (IOException e) {
      throw InvalidRequestException.of("", "unreadable " + format + ": " + e.getMessage());
    } finally {
      close(parser);
    }
  }

  private static void close(JsonParser parser) {
    if (parser == null) {
      return;
    }
    try {
      parser.close();
    } catch (IOException e) {
      // Reading a string: nothing to release.
    }
  }

  private static ValidationError describe(
      JacksonException e, JsonParser parser, BodyFormat format) {
    StreamReadException read = streamReadFailure(e);
    if (read != null) {
      JsonParser at = read.getProcessor() != null ? read.getProcessor() : parser;
      String message = String.valueOf(read.getOriginalMessage());
      if (message.startsWith(DUPLICATE_FIELD) && at != null) {
        String key = at.getParsingContext().getCurrentName();
        return new ValidationError(
            path(at.getParsingContext()), "duplicate key '" + Formats.shown(key) + "'");
      }
      if (read instanceof InputCoercionException && at != null) {
        return new ValidationError(path(at.getParsingContext()), "number out of range: " + message);
      }
      return new ValidationError("", malformed(read, format));
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new ValidationError(
          path(unknown.getPath()),
          "unknown field '"
              + Formats.shown(unknown.getPropertyName())
              + "'; known fields: "
              + unknown.getKnownPropertyIds());
    }
    if (e instanceof MismatchedInputException mismatch
        && !String.valueOf(mismatch.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
      JsonParser at = mismatch.getProcessor() instanceof JsonParser p ? p : parser;
      return new ValidationError(
          path(mismatch.getPath()), wrongType(mismatch.getTargetType(), at, format));
    }
    return new ValidationError("", malformed(e, format));
  }

  /** The parser's own failure, thrown as is or wrapped by the binder with a path. */
  private static StreamReadException streamReadFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamReadException read) {
        return read;
      }
    }
    return null;
  }

  private static String malformed(JacksonException e, BodyFormat format) {
    return "malformed " + format + location(e.getLocation()) + ": " + e.getOriginalMessage();
  }

  private static String wrongType(Class<?> target, JsonParser at, BodyFormat format) {
    JsonToken token = at == null ? null : at.currentToken();
    String message = "wrong type: expected " + expected(target) + ", got " + found(token, at);
    boolean scalar =
        token == JsonToken.VALUE_NUMBER_INT
            || token == JsonToken.VALUE_NUMBER_FLOAT
            || token == JsonToken.VALUE_TRUE
            || token == JsonToken.VALUE_FALSE;
    if (format == BodyFormat.YAML && target == String.class && scalar) {
      message += " (YAML reads an unquoted number or yes/no/on/off as such: quote text)";
    }
    return message;
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
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  /** What the body had where another type was expected, with its text for a scalar. */
  private static String found(JsonToken token, JsonParser at) {
    if (token == null) {
      return "another type";
    }
    return switch (token) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_NULL -> "null";
      case VALUE_STRING -> "the string '" + text(at) + "'";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + text(at);
      case VALUE_TRUE, VALUE_FALSE -> "the boolean " + text(at);
      default -> "another type";
    };
  }

  private static String text(JsonParser at) {
    try {
      return Formats.shown(at.getText());
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** {@code waves[0].dependsOn} from the binder's references. */
  private static String path(List<JsonMappingException.Reference> references) {
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

  /**
   * {@code waves[0].dependsOn} from where the parser was: each enclosing object's current key and
   * each enclosing array's current index, from the root down.
   */
  private static String path(JsonStreamContext context) {
    if (context == null || context.inRoot()) {
      return "";
    }
    String parent = path(context.getParent());
    if (context.inArray()) {
      return parent + "[" + Math.max(context.getCurrentIndex(), 0) + "]";
    }
    String name = String.valueOf(context.getCurrentName());
    return parent.isEmpty() ? name : parent + "." + name;
  }

  private static String location(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
