package io.drsorch.launcher.runtime;

import io.drsorch.drsclient.DrsClients;
import io.drsorch.launcher.LauncherConfig;
import io.drsorch.launcher.LauncherService;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SubjectProtection;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the launcher's loop when the application starts (topics and schema subjects first) and
 * stops it when the application stops. A loop that ends by itself (fenced by a newer instance, or
 * refused by Kafka) ends the process, so that its supervisor starts a new one rather than a service
 * that is up but launches nothing.
 */
@ApplicationScoped
public class LauncherRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(LauncherRuntime.class);

  private final Config config;
  private final LauncherSettings settings;
  private final String registryUrl;
  private final int maxServersPerCall;
  private final Optional<URI> drsEndpoint;
  private final Optional<URI> stsEndpoint;
  private final int topicPartitions;
  private final short topicReplication;

  private volatile LauncherService service;
  private volatile DrsClients clients;
  private volatile boolean stopping;

  LauncherRuntime(
      Config config,
      LauncherSettings settings,
      @ConfigProperty(name = "schema.registry.url") String registryUrl,
      @ConfigProperty(name = "drs.max-servers-per-call") int maxServersPerCall,
      @ConfigProperty(name = "drs.endpoint") Optional<URI> drsEndpoint,
      @ConfigProperty(name = "sts.endpoint") Optional<URI> stsEndpoint,
      @ConfigProperty(name = "topic.partitions") int topicPartitions,
      @ConfigProperty(name = "topic.replication") short topicReplication) {
    this.config = config;
    this.settings = settings;
    this.registryUrl = registryUrl;
    this.maxServersPerCall = maxServersPerCall;
    this.drsEndpoint = drsEndpoint;
    this.stsEndpoint = stsEndpoint;
    this.topicPartitions = topicPartitions;
    this.topicReplication = topicReplication;
  }

  void start(@Observes StartupEvent event) {
    KafkaClientSettings kafka =
        KafkaClientSettings.from(
            config.getPropertyNames(), n -> config.getOptionalValue(n, String.class));
    LOG.info("Kafka client settings: {}", kafka);
    TopicAdmin.ensureTopics(kafka, topicPartitions, topicReplication);
    SubjectProtection.protect(SchemaRegistryClient.shared(registryUrl));
    clients = new DrsClients(drsEndpoint.orElse(null), stsEndpoint.orElse(null), "drs-launcher");
    LauncherConfig launcherConfig =
        new LauncherConfig(
            kafka,
            registryUrl,
            settings.groupId(),
            settings.transactionalId(),
            maxServersPerCall,
            settings.dedupeWindow(),
            settings.concurrency());
    WaveLauncher launcher =
        new WaveLauncher(clients, maxServersPerCall, settings.dedupeWindow(), Clock.systemUTC());
    service = new LauncherService(launcherConfig, launcher, Clock.systemUTC()).start();
    Thread watch = new Thread(this::exitIfTheLoopEnds, "drs-launcher-watch");
    watch.setDaemon(true);
    watch.start();
    LOG.info("drs-launcher started");
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    if (service != null) {
      service.close();
    }
    if (clients != null) {
      clients.close();
    }
  }

  /** Whether the loop has its partitions and runs: what readiness reports. */
  boolean isReady() {
    LauncherService running = service;
    return running != null && running.isReady();
  }

  private void exitIfTheLoopEnds() {
    try {
      service.awaitStopped();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (!stopping) {
      LOG.error("the launcher's loop stopped by itself: exiting so that it is started afresh");
      Quarkus.asyncExit(1);
    }
  }
}
