package io.drsorch.deploy.aws;

/** EventBridge answered, but not with what the wiring needs; the message is shown as is. */
public final class WiringException extends RuntimeException {

  public WiringException(String message) {
    super(message);
  }
}
