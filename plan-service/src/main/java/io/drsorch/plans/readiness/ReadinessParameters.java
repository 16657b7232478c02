package io.drsorch.plans.readiness;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.PreflightMode;
import io.drsorch.planmodel.validation.Formats;
import io.drsorch.planmodel.validation.ValidationError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads what a caller says about a readiness check, the same way for the readiness endpoint's query
 * and a start's body: each mistake a {@link ValidationError} at the parameter or field it is in.
 */
public final class ReadinessParameters {

  private ReadinessParameters() {}

  /**
   * The mode named (exactly DRILL or RECOVERY), {@code fallback} when none is; null after adding an
   * error.
   */
  public static ExecutionMode mode(
      String field, String text, ExecutionMode fallback, List<ValidationError> errors) {
    if (text == null || text.isBlank()) {
      if (fallback == null) {
        errors.add(new ValidationError(field, field + " is required: DRILL or RECOVERY"));
      }
      return fallback;
    }
    for (ExecutionMode mode : ExecutionMode.values()) {
      if (mode.name().equals(text)) {
        return mode;
      }
    }
    errors.add(
        new ValidationError(
            field, "unknown " + field + " '" + Formats.shown(text) + "': use DRILL or RECOVERY"));
    return null;
  }

  /** ENFORCE (the default) or WARN; null after adding an error. */
  public static PreflightMode preflight(String field, String text, List<ValidationError> errors) {
    if (text == null) {
      return PreflightMode.ENFORCE;
    }
    for (PreflightMode mode : PreflightMode.values()) {
      if (mode.name().equals(text)) {
        return mode;
      }
    }
    errors.add(
        new ValidationError(
            field,
            "unknown "
                + field
                + " '"
                + Formats.shown(text)
                + "': use ENFORCE (a server with a problem rejects the execution) or WARN (it"
                + " runs, the problems recorded)"));
    return null;
  }

  /**
   * An ISO-8601 instant ({@code 2026-11-22T10:00:00Z}, or with an offset) that is not later than
   * {@code now}: recovery snapshots exist only of the past. Null when none is given, or after
   * adding an error.
   */
  public static Instant pointInTime(
      String field, String text, Instant now, List<ValidationError> errors) {
    if (text == null) {
      return null;
    }
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new ValidationError(
              field,
              field
                  + " '"
                  + Formats.shown(text)
                  + "' is not an ISO-8601 instant, e.g. 2026-11-22T10:00:00Z"));
      return null;
    }
    if (instant.isAfter(now)) {
      errors.add(
          new ValidationError(
              field,
              field
                  + " "
                  + instant
                  + " is in the future (now is "
                  + now
                  + "): a recovery snapshot can only be of the past"));
      return null;
    }
    return instant;
  }
}
