package io.drsorch.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JSON-over-HTTP call and its answer: status and parsed body. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** An HTTP answer: its status and its body as JSON (null when the body is empty). */
  public record Answer(int status, JsonNode body) {
    public Answer expect(int expected, String what) {
      if (status != expected) {
        throw new IllegalStateException(what + ": HTTP " + status + " " + body);
      }
      return this;
    }
  }

  private Json() {}

  public static Answer send(String method, String url, Object body) {
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(
                  body instanceof String s ? s : MAPPER.writeValueAsString(body));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .method(method, publisher)
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode json = text == null || text.isBlank() ? null : MAPPER.readTree(text);
      return new Answer(response.statusCode(), json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot " + method + " " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + url, e);
    }
  }
}
