package io.drsorch.simulator.ssm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How an automation document's executions end once their duration has passed; each constant is
 * named as the {@code AutomationExecutionStatus} it ends in, so the admin API and the SSM API use
 * the same words.
 */
public enum AutomationOutcome {
  Success(null),
  Failed("The automation execution failed."),
  TimedOut("The automation execution timed out.");

  /** What {@code FailureMessage} says when the document configures none; none for a success. */
  private final String defaultFailureMessage;

  AutomationOutcome(String defaultFailureMessage) {
    this.defaultFailureMessage = defaultFailureMessage;
  }

  public boolean failed() {
    return this != Success;
  }

  String defaultFailureMessage() {
    return defaultFailureMessage;
  }

  /** The outcome an admin request names, matched exactly as the status is spelt. */
  public static Optional<AutomationOutcome> parse(String name) {
    return Arrays.stream(values()).filter(o -> o.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }
}
