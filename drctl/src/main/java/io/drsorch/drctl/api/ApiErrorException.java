package io.drsorch.drctl.api;

import io.drsorch.drctl.cli.CliException;
import java.util.List;

/**
 * The plan-service said no. The message is one line for a single error; field errors of an invalid
 * plan come one per line, each naming its path, exactly as the service reported them.
 */
public final class ApiErrorException extends CliException {

  private final int status;
  private final List<String> errors;

  public ApiErrorException(String what, int status, List<String> errors) {
    super(message(what, status, errors));
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public List<String> errors() {
    return errors;
  }

  private static String message(String what, int status, List<String> errors) {
    String prefix = "cannot " + what + " (" + status + "): ";
    if (errors.size() == 1) {
      return prefix + errors.get(0);
    }
    return prefix + errors.size() + " errors\n  " + String.join("\n  ", errors);
  }
}
