package io.drsorch.drctl.cli;

/** What drctl's exit code says, so scripts can branch on how an execution ended. */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int USAGE = 2;
  public static final int FAILED = 3;
  public static final int TIMED_OUT = 4;
  public static final int CANCELLED = 5;
  public static final int REJECTED = 6;
  public static final int NOT_VERIFIED = 7;

  /** {@code plan check}: a server of the plan is not ready for the mode checked. */
  public static final int NOT_READY = 8;

  private ExitCodes() {}

  /**
   * The exit code for a waited-for drill cleanup that ended with {@code status}: as for an
   * execution, 0 when it COMPLETED and {@link #FAILED} when it FAILED (some instance was not
   * terminated).
   */
  public static int ofCleanup(String status) {
    return switch (status) {
      case "COMPLETED" -> OK;
      case "FAILED" -> FAILED;
      default -> ERROR;
    };
  }

  /** The exit code for an execution that ended with {@code status}. */
  public static int ofExecution(String status) {
    return switch (status) {
      case "COMPLETED" -> OK;
      case "FAILED" -> FAILED;
      case "TIMED_OUT" -> TIMED_OUT;
      case "CANCELLED" -> CANCELLED;
      case "REJECTED" -> REJECTED;
      default -> ERROR;
    };
  }
}
