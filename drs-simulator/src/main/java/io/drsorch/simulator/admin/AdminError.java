package io.drsorch.simulator.admin;

/** A refused admin request: its HTTP status and a message saying what was wrong. */
final class AdminError extends RuntimeException {

  private final int status;

  AdminError(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
