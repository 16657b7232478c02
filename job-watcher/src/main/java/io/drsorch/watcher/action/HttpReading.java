package io.drsorch.watcher.action;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * What one HTTP check got: a status, or why there was no answer.
 *
 * @param status the answer's status; null when none came
 * @param noAnswer why none came, in a few words ({@code connection refused}); null when one came
 */
record HttpReading(Integer status, String noAnswer) {

  static HttpReading answered(int status) {
    return new HttpReading(status, null);
  }

  /** No answer, because of {@code failure}; {@code timeout} is what the check waited. */
  static HttpReading failed(Throwable failure, Duration timeout) {
    return new HttpReading(null, why(unwrapped(failure), timeout));
  }

  /** "last answer 503", or "no answer: connection refused". */
  String described() {
    return status != null ? "last answer " + status : "no answer: " + noAnswer;
  }

  private static String why(Throwable failure, Duration timeout) {
    if (failure instanceof HttpConnectTimeoutException) {
      return "no connection within " + seconds(timeout);
    }
    if (failure instanceof HttpTimeoutException) {
      return "no answer within " + seconds(timeout);
    }
    if (failure instanceof ConnectException) {
      // The JDK says "Connection refused", or nothing at all.
      return "connection refused";
    }
    if (failure instanceof UnknownHostException || failure instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    if (failure instanceof SSLException) {
      return "TLS failed: " + failure.getMessage();
    }
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Throwable unwrapped(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String seconds(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
  }
}
