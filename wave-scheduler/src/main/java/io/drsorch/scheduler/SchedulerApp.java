package io.drsorch.scheduler;

import io.drsorch.scheduler.topology.SchedulerTopology;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running scheduler: its Kafka Streams instance built from a {@link SchedulerConfig}. */
public final class SchedulerApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerApp.class);

  private final KafkaStreams streams;

  public SchedulerApp(SchedulerConfig config) {
    this.streams =
        new KafkaStreams(
            SchedulerTopology.build(
                SchemaRegistryClient.shared(config.registryUrl()),
                config.retryPolicy(),
                config.tick(),
                config.quota()),
            config.streamsProperties());
    // A failure that reaches here is not the record's fault (those are dead-lettered): a fresh
    // thread retries from the last commit.
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
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
