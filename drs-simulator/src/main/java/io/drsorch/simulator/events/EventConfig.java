package io.drsorch.simulator.events;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how launch-result events are pushed, the way an EventBridge rule with an API
 * destination would push them: an HTTP(S) target, an API-key header, and EventBridge's best-effort
 * delivery made explicit as a loss rate and a duplicate rate. Error messages name the admin API's
 * fields, which the Java API shares.
 *
 * @param targetUrl where events are POSTed; null pushes nothing
 * @param apiKeyHeader the header that carries {@code apiKey} ({@code x-api-key} by default)
 * @param apiKey the header's value; null sends no such header
 * @param lossRate probability, 0..1, that an event is never delivered
 * @param duplicateRate probability, 0..1, that an event is delivered twice
 * @param delay extra time between a server's launch result and its event's delivery
 */
public record EventConfig(
    URI targetUrl,
    String apiKeyHeader,
    String apiKey,
    double lossRate,
    double duplicateRate,
    Duration delay) {

  public static final String DEFAULT_API_KEY_HEADER = "x-api-key";

  /** An HTTP header name is an RFC 9110 token. Declared before {@link #NONE}, which uses it. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** No target: nothing is pushed. */
  public static final EventConfig NONE =
      new EventConfig(null, DEFAULT_API_KEY_HEADER, null, 0, 0, Duration.ZERO);

  public EventConfig {
    if (targetUrl != null) {
      String scheme = targetUrl.getScheme();
      if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          || targetUrl.getHost() == null) {
        throw new IllegalArgumentException(
            "eventTargetUrl must be an absolute http or https URL, got " + targetUrl);
      }
    }
    if (apiKeyHeader == null || !HEADER_NAME.matcher(apiKeyHeader).matches()) {
      throw new IllegalArgumentException(
          "eventApiKeyHeader must be an HTTP header name, got " + apiKeyHeader);
    }
    requireRate("eventLossRate", lossRate);
    requireRate("eventDuplicateRate", duplicateRate);
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("eventDelaySeconds must be >= 0, got " + delay);
    }
  }

  /** Events to {@code targetUrl} with {@code apiKey} in {@code x-api-key}, none lost or doubled. */
  public static EventConfig to(URI targetUrl, String apiKey) {
    return NONE.withTargetUrl(targetUrl).withApiKey(apiKey);
  }

  public static URI parseTargetUrl(String text) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("eventTargetUrl is not a URL: " + text);
    }
  }

  public static Duration delayOfSeconds(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new IllegalArgumentException("eventDelaySeconds must be a number >= 0, got " + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  public boolean pushes() {
    return targetUrl != null;
  }

  public double delaySeconds() {
    return delay.toMillis() / 1000.0;
  }

  public EventConfig withTargetUrl(URI url) {
    return new EventConfig(url, apiKeyHeader, apiKey, lossRate, duplicateRate, delay);
  }

  public EventConfig withApiKeyHeader(String header) {
    return new EventConfig(targetUrl, header, apiKey, lossRate, duplicateRate, delay);
  }

  public EventConfig withApiKey(String key) {
    return new EventConfig(targetUrl, apiKeyHeader, key, lossRate, duplicateRate, delay);
  }

  public EventConfig withLossRate(double rate) {
    return new EventConfig(targetUrl, apiKeyHeader, apiKey, rate, duplicateRate, delay);
  }

  public EventConfig withDuplicateRate(double rate) {
    return new EventConfig(targetUrl, apiKeyHeader, apiKey, lossRate, rate, delay);
  }

  public EventConfig withDelay(Duration extra) {
    return new EventConfig(targetUrl, apiKeyHeader, apiKey, lossRate, duplicateRate, extra);
  }

  /** The API key is a credential of the target: never printed in full. */
  @Override
  public String toString() {
    return "EventConfig[targetUrl="
        + targetUrl
        + ", apiKeyHeader="
        + apiKeyHeader
        + ", apiKey="
        + (apiKey == null ? "none" : "****")
        + ", lossRate="
        + lossRate
        + ", duplicateRate="
        + duplicateRate
        + ", delay="
        + delay
        + "]";
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
    }
  }
}
