package io.drsorch.scheduler;

import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.topology.SchedulerTopology;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's Kafka Streams instance, built from a {@link SchedulerConfig} outside the
 * application's runtime: for tests that run several instances side by side. The service itself runs
 * the same topology and properties through Quarkus ({@code runtime/SchedulerRuntime}).
 */
public final class SchedulerApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerApp.class);

  private final KafkaStreams streams;

  public SchedulerApp(SchedulerConfig config) {
    SizeGuard guard = new SizeGuard(config.maxRecordBytes());
    Quarantine quarantine = new Quarantine();
    this.streams =
        new KafkaStreams(
            topology(config, guard, quarantine), config.streamsProperties(guard, quarantine));
    streams.setUncaughtExceptionHandler(SchedulerApp::replaceFailedThread);
  }

  /**
   * A failed stream thread is replaced, and the new one retries from the last commit. That is what
   * an infrastructure failure needs; a failure caused by a record was charged to it by the error
   * handlers, and once it has failed twice the processors dead-letter it instead of processing it,
   * so a replaced thread never meets the same failure forever.
   */
  public static StreamThreadExceptionResponse replaceFailedThread(Throwable failure) {
    LOG.error("stream thread failed; replacing it", failure);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** The scheduler's topology, as the service runs it. */
  public static org.apache.kafka.streams.Topology topology(
      SchedulerConfig config, SizeGuard guard, Quarantine quarantine) {
    return SchedulerTopology.build(
        SchemaRegistryClient.shared(config.registryUrl()),
        config.retryPolicy(),
        config.tick(),
        config.quota(),
        guard,
        quarantine);
  }

  public SchedulerApp start() {
    streams.start();
    return this;
  }

  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /**
   * Stops processing and leaves the consumer group, so that another instance takes the partitions
   * at once instead of after the session timeout.
   */
  @Override
  public void close() {
    streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
  }
}
