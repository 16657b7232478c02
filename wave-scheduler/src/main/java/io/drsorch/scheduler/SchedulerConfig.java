package io.drsorch.scheduler;

import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.safety.QuarantineProcessingHandler;
import io.drsorch.scheduler.safety.QuarantineProductionHandler;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.schemas.runtime.Settings;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;

/**
 * The scheduler's settings, read with {@link Settings} (system property {@code a.b.c} or env var
 * {@code A_B_C}):
 *
 * <ul>
 *   <li>{@code kafka.bootstrap.servers} (127.0.0.1:9092), {@code schema.registry.url}
 *       (http://127.0.0.1:8081/apis/ccompat/v7): shared by every service.
 *   <li>{@code scheduler.application.id} (wave-scheduler): the Streams application id; also the
 *       prefix of its changelog topics and its consumer group.
 *   <li>{@code streams.state.dir} (./data/wave-scheduler): local RocksDB stores, rebuilt from the
 *       changelogs when lost.
 *   <li>{@code scheduler.commit.interval.ms} (100): under exactly-once, output is visible only at
 *       commit, so this bounds how fast a wave follows its dependency.
 *   <li>{@code kafka.fetch.max.wait.ms} (50): how long a fetch waits for records; Kafka's 500 ms
 *       default lengthened the slowest dependency hops.
 *   <li>{@code scheduler.tick} (250 ms): how often due retries and timeouts are checked.
 *   <li>{@code scheduler.launch.max.attempts} (5), {@code scheduler.launch.backoff} (1 s, doubled
 *       per attempt up to 60 s, jittered): retries of refused launches.
 *   <li>{@code scheduler.wave.timeout} (PT60M; 0 = none): how long a wave may stay
 *       LAUNCHING/RUNNING before it is TIMED_OUT, unless the wave ({@code timeoutMinutes}) or its
 *       plan ({@code waveTimeoutMinutes}) says otherwise; the wave's own value wins.
 *   <li>{@code scheduler.execution.timeout} (PT24H; 0 = none): how long an execution may run before
 *       it is TIMED_OUT, unless its plan sets {@code executionTimeoutMinutes}.
 *   <li>{@code scheduler.drs.max.concurrent.jobs} (20): DRS jobs active at once per account and
 *       region; launches beyond it wait in line at the quota gate.
 *   <li>{@code drs.max.servers.per.call} (100): servers per StartRecovery call, one DRS job each;
 *       the launcher's setting of the same name, so both count a wave's jobs alike.
 *   <li>{@code scheduler.max.record.bytes} (900000): the most bytes of a record the scheduler
 *       writes (state or output); an input that would write a larger one is dead-lettered, a
 *       request whose execution could grow one is rejected. Keep it under the producer's {@code
 *       max.request.size} and the topics' {@code max.message.bytes} (1048576 by default), with room
 *       for key, headers and batch.
 *   <li>{@code http.host} (127.0.0.1), {@code http.port} (8082): the health endpoint.
 *   <li>{@code scheduler.streams.<any Kafka Streams or client config>} (system properties only):
 *       passed to Kafka Streams as {@code <config>}, for tuning without a rebuild, e.g. {@code
 *       -Dscheduler.streams.num.stream.threads=2}. The processing guarantee cannot be overridden.
 * </ul>
 *
 * Processing is always exactly_once_v2: a LaunchWave must go out once with the state that says so.
 */
public record SchedulerConfig(
    String bootstrapServers,
    String registryUrl,
    String applicationId,
    String stateDir,
    long commitIntervalMs,
    Duration tick,
    RetryPolicy retryPolicy,
    JobQuota quota,
    int maxRecordBytes,
    String httpHost,
    int httpPort) {

  /** System properties with this prefix are passed to Kafka Streams without it. */
  public static final String STREAMS_PREFIX = "scheduler.streams.";

  public static SchedulerConfig fromSettings() {
    return new SchedulerConfig(
        Settings.get("kafka.bootstrap.servers", "127.0.0.1:9092"),
        Settings.get("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"),
        Settings.get("scheduler.application.id", "wave-scheduler"),
        Settings.get("streams.state.dir", "./data/wave-scheduler"),
        Settings.getInt("scheduler.commit.interval.ms", 100),
        Settings.getDuration("scheduler.tick", Duration.ofMillis(250)),
        RetryPolicy.fromSettings(),
        new JobQuota(
            Settings.getInt("scheduler.drs.max.concurrent.jobs", 20),
            Settings.getInt("drs.max.servers.per.call", 100)),
        Settings.getInt("scheduler.max.record.bytes", SizeGuard.DEFAULT_MAX_RECORD_BYTES),
        Settings.get("http.host", "127.0.0.1"),
        Settings.getInt("http.port", 8082));
  }

  public SchedulerConfig withBootstrap(String servers, String registry, String dir) {
    return new SchedulerConfig(
        servers,
        registry,
        applicationId,
        dir,
        commitIntervalMs,
        tick,
        retryPolicy,
        quota,
        maxRecordBytes,
        httpHost,
        httpPort);
  }

  /**
   * Kafka Streams properties. Bad records are dead-lettered by the topology itself (see
   * LenientDeserializer, and the size guard for records too large to write). What still reaches the
   * exception handlers fails the thread, which is replaced to retry from the last commit: an
   * infrastructure failure (registry unreachable, broker down) is retried until it passes, while a
   * failure the record causes is charged to it by the quarantine handlers, so that the record is
   * dead-lettered once it has failed twice. The handlers find the instance's quarantine and size
   * guard under {@code Quarantine.CONFIG} and {@code SizeGuard.CONFIG}, which the application adds.
   */
  public Properties streamsProperties() {
    Properties p = new Properties();
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith(STREAMS_PREFIX)) {
                p.put(name.substring(STREAMS_PREFIX.length()), System.getProperty(name));
              }
            });
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    // A killed instance is noticed (and its tasks handed on) after this, not the 45 s default.
    p.putIfAbsent(
        StreamsConfig.consumerPrefix(
            org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        Integer.toString(
            io.drsorch.schemas.runtime.Settings.getInt("kafka.session.timeout.ms", 10_000)));
    // A fetch that finds nothing waits up to this for records; Kafka's 500 ms default showed in
    // the slowest dependency hops (each passes two of this application's topics).
    p.putIfAbsent(
        StreamsConfig.consumerPrefix(
            org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        Integer.toString(
            io.drsorch.schemas.runtime.Settings.getInt("kafka.fetch.max.wait.ms", 50)));
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndFailExceptionHandler.class);
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineProcessingHandler.class);
    p.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineProductionHandler.class);
    return p;
  }
}
