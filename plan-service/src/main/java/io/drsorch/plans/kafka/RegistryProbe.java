package io.drsorch.plans.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether the schema registry answers at all. A record whose value cannot be decoded while the
 * registry answers is garbage; while it does not, the record may be perfectly good and only its
 * schema unreachable: dead-lettering and skipping it then would drop a plan from the view.
 */
public final class RegistryProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI subjects;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param registryUrl the Confluent-compatible API's base, as the serde uses it
   */
  public RegistryProbe(String registryUrl) {
    String base = registryUrl.endsWith("/") ? registryUrl : registryUrl + "/";
    this.subjects = URI.create(base).resolve("subjects");
  }

  /** True when the registry answers, even with an error of the client's (401, 404...). */
  public boolean isUp() {
    try {
      HttpResponse<Void> answer =
          http.send(
              HttpRequest.newBuilder(subjects).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return answer.statusCode() < 500;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
