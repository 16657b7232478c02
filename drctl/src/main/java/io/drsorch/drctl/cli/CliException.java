package io.drsorch.drctl.cli;

/** A failure to report as one line and an exit code, never as a stack trace. */
public class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(String message) {
    this(message, ExitCodes.ERROR);
  }

  public CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
