package io.drsorch.plans.readiness;

/**
 * DRS could not be asked what the readiness check needs: unreachable, throttling past every
 * attempt, or refusing the call. Answered 503, never with a partial verdict: a server that could
 * not be looked up is neither ready nor known not to be.
 */
public class DrsUnavailableException extends RuntimeException {

  public DrsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
