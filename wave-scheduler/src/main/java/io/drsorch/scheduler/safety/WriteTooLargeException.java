package io.drsorch.scheduler.safety;

/**
 * Why an input was dead-lettered instead of applied: a record it would write does not fit under the
 * {@link SizeGuard}'s bound. Never thrown: it names the failure in the dead letter's {@code
 * dlq.exception} header, as a decoding error does.
 */
public final class WriteTooLargeException extends RuntimeException {

  public WriteTooLargeException(String message) {
    super(message, null, false, false);
  }
}
