package io.drsorch.watcher;

import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.watcher.action.ActionPolling;
import io.drsorch.watcher.poll.PollIntervals;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What the watcher's loops need to run; built from the service's settings by {@code
 * runtime/WatcherRuntime} (see {@code application.properties} for each setting and its default).
 *
 * @param kafka the Kafka client settings (address, security) every client starts from
 * @param registryUrl a Confluent-compatible schema registry
 * @param groupId consumer group on drs.wave-events
 * @param polling how often each job is polled
 * @param batchSize job ids per DescribeJobs (1000 is the API's maximum)
 * @param maxBackoff longest wait of a throttled region, unless DRS's Retry-After asks for more
 * @param actions how wave actions are followed: how often an automation is read, how long an HTTP
 *     check may take
 */
public record WatcherConfig(
    KafkaClientSettings kafka,
    String registryUrl,
    String groupId,
    PollIntervals polling,
    int batchSize,
    Duration maxBackoff,
    ActionPolling actions) {

  /** With the actions followed as {@link ActionPolling#DEFAULTS} says. */
  public WatcherConfig(
      KafkaClientSettings kafka,
      String registryUrl,
      String groupId,
      PollIntervals polling,
      int batchSize,
      Duration maxBackoff) {
    this(kafka, registryUrl, groupId, polling, batchSize, maxBackoff, ActionPolling.DEFAULTS);
  }

  /**
   * What every producer of the watcher starts from: idempotent, acknowledged by all, unlingered.
   */
  Properties producerProperties() {
    Properties props = kafka.over(Map.of());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return props;
  }
}
