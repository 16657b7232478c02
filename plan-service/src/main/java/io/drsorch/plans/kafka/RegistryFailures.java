package io.drsorch.plans.kafka;

import io.drsorch.schemas.registry.RegistryUnavailableException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Tells a record that failed to decode because the schema registry could not be asked (the record
 * may be fine: read it again later) from one that is itself at fault (dead-letter it): by the
 * failure's cause, not by asking the registry again, whose answer a moment later says nothing about
 * why this record failed.
 *
 * <p>Of the moment: the registry unreachable or timing out, an interrupted call, HTTP 5xx, 408 or
 * 429, an answer that is not the registry's JSON. The record's own: a wrong magic byte, too few
 * bytes, a schema id the registry does not know (404, error code 40403), Avro that does not decode
 * with the writer's schema, a schema of another type.
 *
 * <p>schemas' {@code SchemaRegistryClient} types only its 5xx, 408 and 429 answers ({@link
 * RegistryUnavailableException}); an unreachable registry, an interrupted call and an answer that
 * is not JSON are plain {@link SerializationException}s, told apart here by the messages it writes
 * ("cannot reach schema registry ...", "schema registry refused to ...: HTTP 503 ..."). Typing
 * those too there would replace this; the tests pin the messages meanwhile.
 */
final class RegistryFailures {

  private static final Pattern REFUSED =
      Pattern.compile("^schema registry refused to .*?: HTTP (\\d{3})\\b", Pattern.DOTALL);

  private static final String[] OF_THE_MOMENT = {
    "cannot reach schema registry",
    "interrupted while trying to",
    // A 2xx answer that is not the registry's JSON: a proxy's page, a registry starting up.
    "schema registry answered ",
    "schema registry has no schema text for id"
  };

  private RegistryFailures() {}

  /** Whether {@code failure} passes once the registry answers, so the record is read again. */
  static boolean isOfTheMoment(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RegistryUnavailableException || t instanceof InterruptedException) {
        return true;
      }
      if (t instanceof SerializationException && t.getMessage() != null) {
        String message = t.getMessage();
        for (String prefix : OF_THE_MOMENT) {
          if (message.startsWith(prefix)) {
            return true;
          }
        }
        Matcher refused = REFUSED.matcher(message);
        if (refused.find()) {
          int status = Integer.parseInt(refused.group(1));
          return status >= 500 || status == 408 || status == 429;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
