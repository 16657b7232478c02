package io.drsorch.scheduler;

import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.QuarantineProcessingHandler;
import io.drsorch.scheduler.safety.QuarantineProductionHandler;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;

/**
 * What the scheduler's Kafka Streams application is built from: the topology's settings and the
 * Streams properties. Built from the service's settings by {@code runtime/SchedulerRuntime} (see
 * {@code application.properties} for each setting and its default), and by tests directly.
 *
 * @param kafka the Kafka client settings (address, security) every client starts from
 * @param registryUrl a Confluent-compatible schema registry
 * @param applicationId the Streams application id: also the prefix of its changelog topics and its
 *     consumer group
 * @param stateDir local RocksDB stores, rebuilt from the changelogs when lost
 * @param commitIntervalMs under exactly-once, output is visible only at commit, so this bounds how
 *     fast a wave follows its dependency
 * @param tick how often due retries and timeouts are checked
 * @param retryPolicy retries of refused launches, and the wave and execution timeouts
 * @param quota DRS jobs, and servers in them, active at once per account and region, and servers
 *     per StartRecovery call
 * @param maxRecordBytes the most bytes of a record the scheduler writes (state or output)
 * @param streamsOverrides any other Kafka Streams setting, applied over the defaults (tuning)
 */
public record SchedulerConfig(
    KafkaClientSettings kafka,
    String registryUrl,
    String applicationId,
    String stateDir,
    long commitIntervalMs,
    Duration tick,
    RetryPolicy retryPolicy,
    JobQuota quota,
    int maxRecordBytes,
    Map<String, String> streamsOverrides) {

  public static final String DEFAULT_APPLICATION_ID = "wave-scheduler";

  /** Retries of refused launches and the timeouts, as the scheduler runs them unless told. */
  public static final RetryPolicy DEFAULT_RETRY_POLICY = RetryPolicy.DEFAULT;

  public SchedulerConfig {
    streamsOverrides = Map.copyOf(streamsOverrides);
  }

  /** The defaults of every setting, on this cluster, registry and state folder. */
  public static SchedulerConfig defaults(
      String bootstrapServers, String registryUrl, String stateDir) {
    return new SchedulerConfig(
        KafkaClientSettings.of(bootstrapServers),
        registryUrl,
        DEFAULT_APPLICATION_ID,
        stateDir,
        100,
        Duration.ofMillis(250),
        DEFAULT_RETRY_POLICY,
        new JobQuota(20, 100, JobQuota.DEFAULT_MAX_SERVERS_IN_ACTIVE_JOBS),
        SizeGuard.DEFAULT_MAX_RECORD_BYTES,
        Map.of());
  }

  public SchedulerConfig withApplicationId(String id) {
    return new SchedulerConfig(
        kafka,
        registryUrl,
        id,
        stateDir,
        commitIntervalMs,
        tick,
        retryPolicy,
        quota,
        maxRecordBytes,
        streamsOverrides);
  }

  public SchedulerConfig withKafka(KafkaClientSettings settings) {
    return new SchedulerConfig(
        settings,
        registryUrl,
        applicationId,
        stateDir,
        commitIntervalMs,
        tick,
        retryPolicy,
        quota,
        maxRecordBytes,
        streamsOverrides);
  }

  public SchedulerConfig withStreamsOverrides(Map<String, String> overrides) {
    return new SchedulerConfig(
        kafka,
        registryUrl,
        applicationId,
        stateDir,
        commitIntervalMs,
        tick,
        retryPolicy,
        quota,
        maxRecordBytes,
        overrides);
  }

  /**
   * The Kafka Streams properties. Bad records are dead-lettered by the topology itself (see
   * LenientDeserializer, and the size guard for records too large to write). What still reaches the
   * exception handlers fails the thread, which is replaced to retry from the last commit: an
   * infrastructure failure (registry unreachable, broker down) is retried until it passes, while a
   * failure the record causes is charged to it by the quarantine handlers, so that the record is
   * dead-lettered once it has failed twice. The handlers find this instance's quarantine and size
   * guard among the properties. Processing is always exactly_once_v2: a LaunchWave must go out once
   * with the state that says so.
   */
  public Properties streamsProperties(SizeGuard guard, Quarantine quarantine) {
    Properties p = new Properties();
    p.putAll(kafka.asMap());
    // A killed instance is noticed (and its tasks handed on) after this, not the 45 s default; a
    // fetch that finds nothing waits up to fetch.max.wait.ms for records: Kafka's 500 ms default
    // showed in the slowest dependency hops (each passes two of this application's topics).
    p.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        kafka.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).orElse("10000"));
    p.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        kafka.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG).orElse("50"));
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitIntervalMs));
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndFailExceptionHandler.class);
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineProcessingHandler.class);
    p.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineProductionHandler.class);
    p.putAll(streamsOverrides);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(SizeGuard.CONFIG, guard);
    p.put(Quarantine.CONFIG, quarantine);
    return p;
  }
}
