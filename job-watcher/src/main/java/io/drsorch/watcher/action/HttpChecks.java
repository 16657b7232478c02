package io.drsorch.watcher.action;

import io.drsorch.watcher.state.WatchedAction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The GETs of HTTP checks, asynchronous so that no check holds up the poller: each waits at most
 * {@code timeout} to connect and as long again for the answer's status line and headers, which is
 * all a check reads (the body is not read: the stream is closed at once). Redirects are not
 * followed: a 301 is an answer like any other, and only the expected status is healthy.
 */
final class HttpChecks {

  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;

  HttpChecks(Duration timeout, Executor pool, Clock clock) {
    this.timeout = timeout;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .executor(pool)
            .build();
  }

  /** One GET of the action's URL; the next is due its interval after this one answered. */
  CompletableFuture<Consumer<ActionProgress>> check(WatchedAction action) {
    Duration interval = Duration.ofSeconds(action.action().getIntervalSeconds());
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(action.action().getUrl()))
              .timeout(timeout)
              .header("User-Agent", "drs-orchestrator-job-watcher")
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      HttpReading reading = new HttpReading(null, "unusable url: " + e.getMessage());
      Instant next = clock.instant().plus(interval);
      return CompletableFuture.completedFuture(progress -> progress.checked(reading, next));
    }
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .handle(
            (response, failure) -> {
              HttpReading reading;
              if (failure == null) {
                discard(response.body());
                reading = HttpReading.answered(response.statusCode());
              } else {
                reading = HttpReading.failed(failure, timeout);
              }
              Instant next = clock.instant().plus(interval);
              return progress -> progress.checked(reading, next);
            });
  }

  private static void discard(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // the status is all a check wants
    }
  }
}
