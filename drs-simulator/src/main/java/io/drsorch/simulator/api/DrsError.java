package io.drsorch.simulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An error as DRS answers it: an HTTP status, the error type in {@code x-amzn-ErrorType}, a JSON
 * body with {@code message} and the members of the error's shape in the service model, and for
 * throttling and server errors a {@code Retry-After} header (the model binds {@code
 * retryAfterSeconds} to that header, not to the body).
 */
public final class DrsError extends RuntimeException {

  /** What DRS sends in {@code serviceCode}. */
  public static final String SERVICE_CODE = "drs";

  private final int status;
  private final String type;
  private final ObjectNode body;
  private final OptionalLong retryAfterSeconds;

  private DrsError(int status, String type, String message, long retryAfterSeconds) {
    super(type + ": " + message);
    this.status = status;
    this.type = type;
    this.body = JsonNodeFactory.instance.objectNode().put("message", message);
    this.retryAfterSeconds =
        retryAfterSeconds < 0 ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public ObjectNode body() {
    return body.deepCopy();
  }

  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds;
  }

  private DrsError with(String member, String value) {
    if (value != null) {
      body.put(member, value);
    }
    return this;
  }

  /** One invalid field of a request, named by its path (e.g. {@code sourceServers[2]}). */
  public record Field(String name, String message) {}

  public static DrsError validation(String reason, String message, List<Field> fields) {
    DrsError error = new DrsError(400, "ValidationException", message, -1).with("reason", reason);
    if (!fields.isEmpty()) {
      ArrayNode list = error.body.putArray("fieldList");
      fields.forEach(
          field -> list.addObject().put("name", field.name()).put("message", field.message()));
    }
    return error;
  }

  /** A request field that breaks the model's constraints. */
  public static DrsError invalidField(String name, String message) {
    return validation(
        "fieldValidationFailed",
        "Invalid value for " + name + ": " + message,
        List.of(new Field(name, message)));
  }

  public static DrsError cannotParse(String message) {
    return validation("cannotParse", message, List.of());
  }

  public static DrsError unknownOperation(String method, String path) {
    return validation(
        "unknownOperation", "No operation is served at " + method + " " + path, List.of());
  }

  public static DrsError resourceNotFound(String message, String resourceId, String resourceType) {
    return new DrsError(404, "ResourceNotFoundException", message, -1)
        .with("resourceId", resourceId)
        .with("resourceType", resourceType);
  }

  public static DrsError conflict(String message, String resourceId, String resourceType) {
    return new DrsError(409, "ConflictException", message, -1)
        .with("resourceId", resourceId)
        .with("resourceType", resourceType);
  }

  public static DrsError serviceQuotaExceeded(
      String message, String resourceId, String resourceType, String quotaCode) {
    return new DrsError(402, "ServiceQuotaExceededException", message, -1)
        .with("resourceId", resourceId)
        .with("resourceType", resourceType)
        .with("serviceCode", SERVICE_CODE)
        .with("quotaCode", quotaCode);
  }

  public static DrsError throttling(String message, long retryAfterSeconds) {
    return new DrsError(429, "ThrottlingException", message, retryAfterSeconds)
        .with("serviceCode", SERVICE_CODE);
  }

  public static DrsError internal(String message, long retryAfterSeconds) {
    return new DrsError(500, "InternalServerException", message, retryAfterSeconds);
  }

  public static DrsError accessDenied(String message) {
    return new DrsError(403, "AccessDeniedException", message, -1);
  }

  /** The error types that can be injected, with how each is built. */
  public static DrsError injected(String type, String message, long retryAfterSeconds) {
    return switch (type) {
      case "ThrottlingException" -> throttling(message, retryAfterSeconds);
      case "InternalServerException" -> internal(message, retryAfterSeconds);
      case "ConflictException" -> conflict(message, null, null);
      case "ServiceQuotaExceededException" -> serviceQuotaExceeded(message, null, null, null);
      case "AccessDeniedException" -> accessDenied(message);
      default -> throw new IllegalArgumentException("cannot inject error " + type);
    };
  }

  public static final Map<String, String> INJECTABLE_DEFAULT_MESSAGES =
      Map.of(
          "ThrottlingException", "Rate exceeded",
          "InternalServerException", "Internal server error",
          "ConflictException", "The request conflicts with the current state of the resource",
          "ServiceQuotaExceededException", "Service quota exceeded",
          "AccessDeniedException", "User is not authorized to perform this action");
}
