package io.drsorch.scheduler;

import io.drsorch.scheduler.topology.SchedulerStoreSubjects;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SubjectProtection;
import io.drsorch.schemas.runtime.HealthServer;
import io.drsorch.schemas.runtime.TopicAdmin;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the wave-scheduler: creates missing topics, starts Kafka Streams and the health endpoint
 * ({@code GET /health/ready} is 200 while Streams is RUNNING), and closes both on shutdown.
 */
public final class SchedulerMain {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerMain.class);

  private SchedulerMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Avro reads generated classes only from trusted packages; ours and the store's are io.drsorch.
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.drsorch");
    }
    SchedulerConfig config = SchedulerConfig.fromSettings();
    TopicAdmin.ensureTopics(config.bootstrapServers());
    // The stores' changelog subjects are ours too: a foreign schema there would fail the restore.
    SubjectProtection.protect(
        SchemaRegistryClient.shared(config.registryUrl()),
        SchedulerStoreSubjects.of(config.applicationId()));
    SchedulerApp app = new SchedulerApp(config);
    HealthServer health = HealthServer.start(config.httpHost(), config.httpPort(), app::isRunning);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  health.close();
                  stopped.countDown();
                },
                "wave-scheduler-shutdown"));
    app.start();
    LOG.info(
        "wave-scheduler started: kafka {}, health on {}:{}",
        config.bootstrapServers(),
        config.httpHost(),
        health.port());
    stopped.await();
  }
}
