package io.drsorch.schemas.limits;

import io.drsorch.avro.WaveAction;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What a wave action may be, in one place for every service that reads one: plan-service when a
 * plan is stored, the launcher when it starts the action, the watcher when it follows it. A record
 * produced straight to Kafka is held to the same bounds as a plan stored through the API.
 */
public final class ActionLimits {

  /** Actions a wave may list in each phase: a runbook, not a program. */
  public static final int MAX_ACTIONS = 10;

  /** An SSM automation's parameters: names, values per name, characters per value. */
  public static final int MAX_PARAMETERS = 50;

  public static final int MAX_PARAMETER_VALUES = 100;
  public static final int MAX_VALUE_LENGTH = 1024;

  public static final int MAX_URL_LENGTH = 2048;
  public static final int MAX_INTERVAL_SECONDS = 3600;

  private ActionLimits() {}

  /** Nothing but an absolute http or https URL with a host: what the watcher will GET. */
  public static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  public static boolean isHttpStatus(int status) {
    return status >= 100 && status <= 599;
  }

  public static boolean isInterval(int seconds) {
    return seconds >= 1 && seconds <= MAX_INTERVAL_SECONDS;
  }

  /** The problems of an HTTP_CHECK's fields, at paths under {@code action.}. */
  public static void checkHttpCheck(Problems problems, WaveAction action) {
    String url = action.getUrl();
    if (url == null) {
      problems.add("action.url", "an HTTP_CHECK action needs a url");
    } else if (url.length() > MAX_URL_LENGTH) {
      problems.add("action.url", url.length() + " characters, at most " + MAX_URL_LENGTH);
    } else if (!isHttpUrl(url)) {
      problems.add("action.url", "not an absolute http or https URL: " + Problems.shown(url));
    }
    if (!isHttpStatus(action.getExpectStatus())) {
      problems.add("action.expectStatus", "not an HTTP status: " + action.getExpectStatus());
    }
    if (!isInterval(action.getIntervalSeconds())) {
      problems.add(
          "action.intervalSeconds",
          "must be between 1 and " + MAX_INTERVAL_SECONDS + ", got " + action.getIntervalSeconds());
    }
  }
}
