package io.drsorch.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The admin API called over plain HTTP with a JSON body, as the local stack's scripts call it. */
final class AdminHttp {

  private AdminHttp() {}

  /** {@code method path} on the simulator at {@code endpoint}; {@code body} null sends none. */
  static HttpResponse<String> send(
      HttpClient http, URI endpoint, String method, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(endpoint + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
