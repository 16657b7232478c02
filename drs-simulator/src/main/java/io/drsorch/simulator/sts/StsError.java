package io.drsorch.simulator.sts;

import java.util.List;

/**
 * An error as STS answers it over the Query protocol: an HTTP status and an {@code ErrorResponse}
 * whose {@code Error} has a {@code Type} (Sender for the caller's fault, Receiver for the
 * service's), a {@code Code} the SDK turns into the exception's error code, and a {@code Message}.
 */
public final class StsError extends RuntimeException {

  private final int status;
  private final String type;
  private final String code;

  private StsError(int status, String type, String code, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  /**
   * Parameters that break their constraints, in STS's words: {@code 1 validation error detected:
   * Value 'x' at 'roleArn' failed to satisfy constraint: ...}, all of them in one message.
   */
  public static StsError validation(List<String> violations) {
    String count =
        violations.size() == 1
            ? "1 validation error detected: "
            : violations.size() + " validation errors detected: ";
    return validation(count + String.join("; ", violations));
  }

  public static StsError validation(String message) {
    return new StsError(400, "Sender", "ValidationError", message);
  }

  public static StsError accessDenied(String message) {
    return new StsError(403, "Sender", "AccessDenied", message);
  }

  public static StsError invalidAction(String message) {
    return new StsError(400, "Sender", "InvalidAction", message);
  }

  public static StsError missingAction() {
    return new StsError(400, "Sender", "MissingAction", "The request must contain an Action");
  }

  public static StsError internal() {
    return new StsError(500, "Receiver", "InternalFailure", "An internal error occurred");
  }
}
