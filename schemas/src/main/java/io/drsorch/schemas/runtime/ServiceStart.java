package io.drsorch.schemas.runtime;

import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SubjectProtection;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service whose work is one long-running loop (the launcher, the watcher) does around it:
 * before the loop, its topics and schema subjects are put in place; after, a loop that ends by
 * itself (fenced by a newer instance, refused by Kafka) ends the process, so that its supervisor
 * starts a new one rather than keep a service that is up but does nothing.
 */
public final class ServiceStart {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceStart.class);

  private ServiceStart() {}

  /** A loop that can be waited for. */
  @FunctionalInterface
  public interface Loop {
    void awaitStopped() throws InterruptedException;
  }

  /** Logs the Kafka settings (secrets hidden), creates missing topics, protects the subjects. */
  public static void prepare(
      KafkaClientSettings kafka, String registryUrl, int topicPartitions, short topicReplication) {
    LOG.info("Kafka client settings: {}", kafka);
    TopicAdmin.ensureTopics(kafka, topicPartitions, topicReplication);
    SubjectProtection.protect(SchemaRegistryClient.shared(registryUrl));
  }

  /**
   * Watches {@code loop} from a daemon thread: when it ends while {@code stopping} is false, logs
   * so and calls {@code exit}.
   */
  public static void exitWhenItEnds(
      String service, Loop loop, BooleanSupplier stopping, Runnable exit) {
    Thread watch =
        new Thread(
            () -> {
              try {
                loop.awaitStopped();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              if (!stopping.getAsBoolean()) {
                LOG.error(
                    "{}: its loop stopped by itself; exiting so that it is started afresh",
                    service);
                exit.run();
              }
            },
            service + "-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
