package io.drsorch.drctl.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.drctl.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The OIDC issuer's endpoints drctl uses: discovery, the device authorization grant (RFC 8628) and
 * the refresh grant. Answers are read as the specifications name their fields.
 */
final class Oidc {

  static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String issuer;
  private final JsonNode discovery;

  /** Reads the issuer's discovery document. */
  Oidc(String issuer) {
    this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(this.issuer + "/.well-known/openid-configuration"))
                .GET(),
            "read the OIDC discovery document of " + this.issuer);
    if (answer.statusCode() != 200) {
      throw new CliException(
          this.issuer + " is not an OIDC issuer (discovery answered " + answer.statusCode() + ")");
    }
    this.discovery = parse(answer.body(), "the discovery document of " + this.issuer);
  }

  String issuer() {
    return issuer;
  }

  String endpoint(String name) {
    String url = discovery.path(name).asText("");
    if (url.isEmpty()) {
      throw new CliException("the issuer " + issuer + " does not offer " + name);
    }
    return url;
  }

  /** POSTs a form; the answer's JSON and status, whatever the status. */
  Answer post(String url, Map<String, String> form, String what) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)),
            what);
    return new Answer(answer.statusCode(), parse(answer.body(), "the answer to " + what));
  }

  /** The tokens of a successful token answer. */
  SavedTokens tokens(JsonNode answer, String clientId, String previousRefresh) {
    String access = answer.path("access_token").asText("");
    if (access.isEmpty()) {
      throw new CliException("the issuer's token answer holds no access_token");
    }
    long expiresIn = answer.path("expires_in").asLong(60);
    String refresh =
        answer.hasNonNull("refresh_token")
            ? answer.path("refresh_token").asText()
            : previousRefresh;
    return new SavedTokens(issuer, clientId, access, Instant.now().plusSeconds(expiresIn), refresh);
  }

  record Answer(int status, JsonNode body) {
    String error() {
      return body.path("error").asText("");
    }

    String describe() {
      String description = body.path("error_description").asText("");
      return error() + (description.isEmpty() ? "" : ": " + description);
    }
  }

  /** A claim of a token, read without checking its signature: for display only. */
  static String claim(String token, String name) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return "";
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.path(name).asText("");
    } catch (IOException | IllegalArgumentException e) {
      return "";
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String what) {
    try {
      return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException("cannot " + what + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private static JsonNode parse(String body, String what) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CliException(what + " is not JSON");
    }
  }
}
