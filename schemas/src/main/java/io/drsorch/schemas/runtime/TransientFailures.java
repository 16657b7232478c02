package io.drsorch.schemas.runtime;

import io.drsorch.schemas.registry.RegistryUnavailableException;
import java.io.IOException;

/**
 * The one answer every service gives to "is this failure of the moment?": a record that failed
 * because the registry or the network could not answer (or the call was interrupted) is read again
 * later, as it may be fine; any other failure is the record's own, and it is dead-lettered. Decided
 * by the failure's type, never by its message.
 */
public final class TransientFailures {

  private TransientFailures() {}

  public static boolean isOfTheMoment(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnavailableException
          || t instanceof IOException
          || t instanceof InterruptedException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
