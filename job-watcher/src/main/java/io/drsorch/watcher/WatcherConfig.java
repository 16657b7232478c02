package io.drsorch.watcher;

import io.drsorch.schemas.runtime.Settings;
import io.drsorch.watcher.poll.PollIntervals;
import java.time.Duration;

/**
 * The watcher's settings (system property, or the environment variable in upper snake case).
 *
 * @param bootstrapServers {@code kafka.bootstrap.servers}
 * @param registryUrl {@code schema.registry.url}, a Confluent-compatible registry
 * @param groupId consumer group on drs.wave-events, {@code watcher.group.id} (job-watcher)
 * @param polling how often each job is polled: {@code watcher.poll.min} (PT1S), {@code
 *     watcher.poll.max} (PT15S) and {@code watcher.poll.near.end} (0.75, the fraction of a job's
 *     expected duration after which it is polled at the min interval); {@code
 *     watcher.poll.interval}, when set, fixes both min and max to it (the former fixed interval)
 * @param batchSize {@code watcher.batch.size} (1000, the API's maximum): job ids per DescribeJobs
 * @param maxBackoff {@code watcher.max.backoff} (PT1M): longest wait of a throttled region, unless
 *     DRS's Retry-After asks for more
 * @param httpHost {@code http.host} (127.0.0.1) of the health and events endpoint: loopback only
 *     unless set, e.g. to 0.0.0.0 where a probe or caller on another host must reach it
 * @param httpPort {@code http.port} (8084) of the health and events endpoint; 0 picks a free port
 * @param eventsApiKeyHeader {@code watcher.events.api.key.header} (x-api-key): the header in which
 *     EventBridge's API destination sends the shared secret
 * @param eventsApiKey {@code watcher.events.api.key}: that secret; unset disables {@code POST
 *     /events/drs} (it answers 404)
 */
public record WatcherConfig(
    String bootstrapServers,
    String registryUrl,
    String groupId,
    PollIntervals polling,
    int batchSize,
    Duration maxBackoff,
    String httpHost,
    int httpPort,
    String eventsApiKeyHeader,
    String eventsApiKey) {

  public static final String DEFAULT_EVENTS_API_KEY_HEADER = "x-api-key";

  public static WatcherConfig fromSettings() {
    return new WatcherConfig(
        Settings.get("kafka.bootstrap.servers", "127.0.0.1:9092"),
        Settings.get("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"),
        Settings.get("watcher.group.id", "job-watcher"),
        pollingFromSettings(),
        Settings.getInt("watcher.batch.size", 1000),
        Settings.getDuration("watcher.max.backoff", Duration.ofMinutes(1)),
        Settings.get("http.host", "127.0.0.1"),
        Settings.getInt("http.port", 8084),
        Settings.get("watcher.events.api.key.header", DEFAULT_EVENTS_API_KEY_HEADER),
        blankToNull(Settings.get("watcher.events.api.key", null)));
  }

  /** The same settings with another events secret (null disables the endpoint). */
  public WatcherConfig withEventsApiKey(String apiKey) {
    return new WatcherConfig(
        bootstrapServers,
        registryUrl,
        groupId,
        polling,
        batchSize,
        maxBackoff,
        httpHost,
        httpPort,
        eventsApiKeyHeader,
        apiKey);
  }

  private static PollIntervals pollingFromSettings() {
    String near = Settings.get("watcher.poll.near.end", null);
    double nearEnd = PollIntervals.DEFAULT_NEAR_END;
    if (near != null) {
      try {
        nearEnd = Double.parseDouble(near);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "setting watcher.poll.near.end must be a number in (0, 1], got: " + near);
      }
    }
    Duration fixed = Settings.getDuration("watcher.poll.interval", null);
    if (fixed != null) {
      return new PollIntervals(fixed, fixed, nearEnd);
    }
    return new PollIntervals(
        Settings.getDuration("watcher.poll.min", Duration.ofSeconds(1)),
        Settings.getDuration("watcher.poll.max", Duration.ofSeconds(15)),
        nearEnd);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
