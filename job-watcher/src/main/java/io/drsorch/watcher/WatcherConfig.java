package io.drsorch.watcher;

import io.drsorch.schemas.runtime.Settings;
import java.time.Duration;

/**
 * The watcher's settings (system property, or the environment variable in upper snake case).
 *
 * @param bootstrapServers {@code kafka.bootstrap.servers}
 * @param registryUrl {@code schema.registry.url}, a Confluent-compatible registry
 * @param groupId consumer group on drs.wave-events, {@code watcher.group.id} (job-watcher)
 * @param pollInterval {@code watcher.poll.interval} (PT1S): pause between two DescribeJobs cycles
 * @param batchSize {@code watcher.batch.size} (1000, the API's maximum): job ids per DescribeJobs
 * @param maxBackoff {@code watcher.max.backoff} (PT1M): longest wait of a throttled region, unless
 *     DRS's Retry-After asks for more
 * @param httpHost {@code http.host} (0.0.0.0) of the health endpoint
 * @param httpPort {@code http.port} (8084) of the health endpoint; 0 picks a free port
 */
public record WatcherConfig(
    String bootstrapServers,
    String registryUrl,
    String groupId,
    Duration pollInterval,
    int batchSize,
    Duration maxBackoff,
    String httpHost,
    int httpPort) {

  public static WatcherConfig fromSettings() {
    return new WatcherConfig(
        Settings.get("kafka.bootstrap.servers", "127.0.0.1:9092"),
        Settings.get("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"),
        Settings.get("watcher.group.id", "job-watcher"),
        Settings.getDuration("watcher.poll.interval", Duration.ofSeconds(1)),
        Settings.getInt("watcher.batch.size", 1000),
        Settings.getDuration("watcher.max.backoff", Duration.ofMinutes(1)),
        Settings.get("http.host", "0.0.0.0"),
        Settings.getInt("http.port", 8084));
  }
}
