package io.drsorch.deploy.aws;

/** A command line the command cannot act on; its message is shown above the usage text. */
public final class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }
}
