package io.drsorch.scheduler.topology;

/**
 * A source record's value as the scheduler received it: the decoded record, or why it could not be
 * decoded. The raw bytes travel along so that a record that cannot be read or applied goes to the
 * dead-letter topic byte for byte.
 */
public record Decoded<T>(T value, byte[] raw, RuntimeException error) {

  public boolean failed() {
    return error != null;
  }
}
