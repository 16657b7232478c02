package io.drsorch.simulator.ssm;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One version of a simulated automation document (runbook): not its steps, only what its executions
 * do, which is all a caller of the SSM API can observe. An execution is InProgress for {@code
 * duration}, then ends in {@code outcome}; a failed or timed-out one carries {@code
 * failureMessage}, a successful one {@code outputs}.
 *
 * @param version the document version, 1 for the first definition and one more for each change
 */
public record AutomationDocument(
    String name,
    int version,
    AutomationOutcome outcome,
    Duration duration,
    String failureMessage,
    Map<String, List<String>> outputs) {

  /** The model's {@code DocumentARN}: a document name or ARN. */
  public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-.:/]{3,128}");

  public AutomationDocument {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "document name '" + name + "' must match " + NAME.pattern());
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must be >= 0, got " + duration);
    }
    if (failureMessage != null && !outcome.failed()) {
      throw new IllegalArgumentException(
          "failureMessage only applies to a Failed or TimedOut outcome, not " + outcome);
    }
    if (!outputs.isEmpty() && outcome.failed()) {
      throw new IllegalArgumentException("outputs only apply to a Success outcome, not " + outcome);
    }
    outputs = copy(outputs);
  }

  /** The message of a failed or timed-out execution: the configured one, else a default. */
  public String effectiveFailureMessage() {
    return failureMessage != null ? failureMessage : outcome.defaultFailureMessage();
  }

  /** An immutable copy that keeps the order in which the keys were given. */
  static Map<String, List<String>> copy(Map<String, List<String>> values) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((key, list) -> copy.put(key, List.copyOf(list)));
    return Collections.unmodifiableMap(copy);
  }
}
