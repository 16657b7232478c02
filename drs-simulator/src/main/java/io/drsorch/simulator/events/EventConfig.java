package io.drsorch.simulator.events;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where and how launch-result events are pushed, the way an EventBridge rule with API destinations
 * would push them: up to {@value #MAX_TARGETS} HTTP(S) targets (a rule's limit), each sent every
 * event, an API-key header, and EventBridge's best-effort delivery made explicit as a loss rate and
 * a duplicate rate, drawn for each target on its own. Several targets are how several job-watcher
 * instances all hear of every job: the one whose partition holds the job acts, the others answer
 * that it is not theirs. Error messages name the admin API's fields, which the Java API shares.
 *
 * @param targetUrls where events are POSTed, each of them; empty pushes nothing
 * @param apiKeyHeader the header that carries {@code apiKey} ({@code x-api-key} by default)
 * @param apiKey the header's value; null sends no such header
 * @param lossRate probability, 0..1, that an event is never delivered
 * @param duplicateRate probability, 0..1, that an event is delivered twice
 * @param delay extra time between a server's launch result and its event's delivery
 */
public record EventConfig(
    List<URI> targetUrls,
    String apiKeyHeader,
    String apiKey,
    double lossRate,
    double duplicateRate,
    Duration delay) {

  public static final String DEFAULT_API_KEY_HEADER = "x-api-key";

  /** Targets of one EventBridge rule at most. */
  public static final int MAX_TARGETS = 5;

  /** An HTTP header name is an RFC 9110 token. Declared before {@link #NONE}, which uses it. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** No target: nothing is pushed. */
  public static final EventConfig NONE =
      new EventConfig(List.of(), DEFAULT_API_KEY_HEADER, null, 0, 0, Duration.ZERO);

  public EventConfig {
    targetUrls = targetUrls == null ? List.of() : List.copyOf(targetUrls);
    for (URI targetUrl : targetUrls) {
      String scheme = targetUrl.getScheme();
      if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          || targetUrl.getHost() == null) {
        throw new IllegalArgumentException(
            "eventTargetUrl must be an absolute http or https URL, got " + targetUrl);
      }
    }
    if (targetUrls.size() > MAX_TARGETS) {
      throw new IllegalArgumentException(
          "eventTargetUrl names "
              + targetUrls.size()
              + " targets: an EventBridge rule has "
              + MAX_TARGETS
              + " at most");
    }
    if (new HashSet<>(targetUrls).size() != targetUrls.size()) {
      throw new IllegalArgumentException("eventTargetUrl names a target twice: " + targetUrls);
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

  /** Every event to each of {@code targetUrls}, with {@code apiKey} in {@code x-api-key}. */
  public static EventConfig to(List<URI> targetUrls, String apiKey) {
    return NONE.withTargetUrls(targetUrls).withApiKey(apiKey);
  }

  public static URI parseTargetUrl(String text) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("eventTargetUrl is not a URL: " + text);
    }
  }

  /**
   * Targets written as one text, separated by commas (spaces around them ignored): how the setting
   * {@code sim.event.target.url} and the admin API's {@code eventTargetUrl} name several. A blank
   * text names none.
   */
  public static List<URI> parseTargetUrls(String text) {
    List<URI> urls = new ArrayList<>();
    if (text == null) {
      return urls;
    }
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        urls.add(parseTargetUrl(part.strip()));
      }
    }
    return urls;
  }

  /** The targets as one text, comma-separated; null when there are none. */
  public String targetUrlsText() {
    return targetUrls.isEmpty()
        ? null
        : targetUrls.stream().map(URI::toString).collect(Collectors.joining(","));
  }

  public static Duration delayOfSeconds(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      throw new IllegalArgumentException("eventDelaySeconds must be a number >= 0, got " + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  public boolean pushes() {
    return !targetUrls.isEmpty();
  }

  public double delaySeconds() {
    return delay.toMillis() / 1000.0;
  }

  /** One target, or none when {@code url} is null. */
  public EventConfig withTargetUrl(URI url) {
    return withTargetUrls(url == null ? List.of() : List.of(url));
  }

  public EventConfig withTargetUrls(List<URI> urls) {
    return new EventConfig(urls, apiKeyHeader, apiKey, lossRate, duplicateRate, delay);
  }

  public EventConfig withApiKeyHeader(String header) {
    return new EventConfig(targetUrls, header, apiKey, lossRate, duplicateRate, delay);
  }

  public EventConfig withApiKey(String key) {
    return new EventConfig(targetUrls, apiKeyHeader, key, lossRate, duplicateRate, delay);
  }

  public EventConfig withLossRate(double rate) {
    return new EventConfig(targetUrls, apiKeyHeader, apiKey, rate, duplicateRate, delay);
  }

  public EventConfig withDuplicateRate(double rate) {
    return new EventConfig(targetUrls, apiKeyHeader, apiKey, lossRate, rate, delay);
  }

  public EventConfig withDelay(Duration extra) {
    return new EventConfig(targetUrls, apiKeyHeader, apiKey, lossRate, duplicateRate, extra);
  }

  /** The API key is a credential of the target: never printed in full. */
  @Override
  public String toString() {
    return "EventConfig[targetUrls="
        + targetUrls
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
