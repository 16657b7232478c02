package io.drsorch.simulator.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one event body to one target, retrying a failed attempt (non-2xx or I/O error) a few times
 * with a short, doubling backoff, as an API destination does before giving up on an event.
 *
 * <p>{@link HttpURLConnection} rather than the JDK {@code HttpClient}: it needs no selector thread,
 * so closing the simulator leaves no thread behind. Each attempt uses a fresh connection; events
 * are too rare for keep-alive to matter.
 */
final class EventPoster {

  private static final Logger LOG = LoggerFactory.getLogger(EventPoster.class);

  static final int ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int READ_TIMEOUT_MILLIS = 5_000;

  private EventPoster() {}

  /**
   * Answers whether {@code target} accepted the event; false after the last failed attempt. The key
   * and its header come from {@code config}.
   */
  static boolean post(URI target, EventConfig config, byte[] body) throws InterruptedException {
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      String failure = attempt(target, config, body);
      if (failure == null) {
        return true;
      }
      if (attempt == ATTEMPTS) {
        LOG.warn("event to {} dropped after {} attempts: {}", target, ATTEMPTS, failure);
        return false;
      }
      Thread.sleep(backoff.toMillis());
      backoff = backoff.multipliedBy(2);
    }
  }

  /** One attempt; null on success, else why it failed. */
  private static String attempt(URI target, EventConfig config, byte[] body) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) target.toURL().openConnection();
      connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
      connection.setReadTimeout(READ_TIMEOUT_MILLIS);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      connection.setRequestProperty("Content-Type", "application/json");
      if (config.apiKey() != null) {
        connection.setRequestProperty(config.apiKeyHeader(), config.apiKey());
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      drain(connection, status);
      return status / 100 == 2 ? null : "HTTP " + status;
    } catch (IOException | RuntimeException e) {
      return e.toString();
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static void drain(HttpURLConnection connection, int status) throws IOException {
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      if (in != null) {
        in.readAllBytes();
      }
    }
  }
}
