package io.drsorch.schemas.registry;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry could not answer for now: unreachable, HTTP 5xx, 408 or 429 (a restart, an
 * overloaded registry, a proxy in front of it), an answer that is not its JSON, or the call
 * interrupted. Nothing is wrong with the record being written or read, and {@code
 * runtime/TransientFailures} says so, so the record is retried rather than dead-lettered; a 4xx
 * answer (an unknown schema id, an incompatible schema) stays a plain {@link
 * SerializationException}, the record's own fault.
 */
public final class RegistryUnavailableException extends SerializationException {

  public RegistryUnavailableException(String message) {
    super(message, new IOException(message));
  }

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True for the HTTP statuses that say "try again later" rather than "this request is wrong". */
  static boolean isUnavailable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }
}
