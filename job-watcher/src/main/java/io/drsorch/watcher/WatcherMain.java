package io.drsorch.watcher;

import io.drsorch.drsclient.DrsClients;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SubjectProtection;
import io.drsorch.schemas.runtime.HealthServer;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.watcher.events.DrsEventsEndpoint;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the job-watcher: topics, DRS clients, the replaying consumer, the poller, and the HTTP
 * port with health and the EventBridge endpoint ({@code POST /events/drs}).
 */
public final class WatcherMain {

  private static final Logger LOG = LoggerFactory.getLogger(WatcherMain.class);

  private WatcherMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Avro 1.12 only deserializes generated classes from trusted packages: ours, unless told.
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.drsorch");
    }
    WatcherConfig config = WatcherConfig.fromSettings();
    TopicAdmin.ensureTopics(config.bootstrapServers());
    SubjectProtection.protect(SchemaRegistryClient.shared(config.registryUrl()));
    DrsClients clients = DrsClients.fromSettings("job-watcher");
    WatcherService service = new WatcherService(config, clients, Clock.systemUTC()).start();
    HealthServer health =
        HealthServer.start(config.httpHost(), config.httpPort(), service::isReady);
    DrsEventsEndpoint events =
        new DrsEventsEndpoint(config.eventsApiKeyHeader(), config.eventsApiKey(), service::lookNow);
    events.register(health.server());
    LOG.info(
        "job-watcher started, health on port {}, {} {}",
        health.port(),
        DrsEventsEndpoint.PATH,
        events.enabled() ? "accepts launch-result events" : "disabled (no watcher.events.api.key)");
    AtomicBoolean shuttingDown = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shuttingDown.set(true);
                  service.close();
                  health.close();
                  clients.close();
                }));
    service.awaitStopped();
    if (!shuttingDown.get()) {
      // The service stopped by itself (fenced, or Kafka refused us): exit so a supervisor restarts
      // it, rather than linger with a health endpoint that says 503 forever.
      LOG.error("service stopped unexpectedly, exiting");
      System.exit(1);
    }
  }
}
