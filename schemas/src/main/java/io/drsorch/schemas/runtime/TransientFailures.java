package io.drsorch.schemas.runtime;

import io.drsorch.schemas.registry.RegistryUnavailableException;

/**
 * The one answer every service gives to "is this failure of the moment?": a record that failed
 * because the registry could not answer (the registry client says so with {@link
 * RegistryUnavailableException}) or because the call was interrupted is read again later, as it may
 * be fine; any other failure is the record's own, and it is dead-lettered. Decided by the failure's
 * type, never by its message; and not by any {@code IOException} in the chain: Avro reports a
 * record cut short with an {@code EOFException}, and such a record would be read again forever.
 */
public final class TransientFailures {

  private TransientFailures() {}

  public static boolean isOfTheMoment(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnavailableException || t instanceof InterruptedException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
