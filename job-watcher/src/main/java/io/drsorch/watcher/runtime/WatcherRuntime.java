package io.drsorch.watcher.runtime;

import io.drsorch.drsclient.AwsAccess;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SchemaWarmUp;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.ServiceStart;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.watcher.WatcherConfig;
import io.drsorch.watcher.WatcherService;
import io.drsorch.watcher.action.ActionPolling;
import io.drsorch.watcher.events.DrsEventsGate;
import io.drsorch.watcher.poll.PollIntervals;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the watcher's loops when the application starts (topics and schema subjects first) and
 * stops them when it stops. A loop that ends by itself (fenced, or refused by Kafka) ends the
 * process, so that its supervisor starts a new one rather than a service that is up but watches
 * nothing.
 */
@ApplicationScoped
public class WatcherRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(WatcherRuntime.class);

  private final Config config;
  private final WatcherSettings settings;
  private final String registryUrl;
  private final Optional<URI> drsEndpoint;
  private final Optional<URI> stsEndpoint;
  private final Optional<URI> ssmEndpoint;
  private final int topicPartitions;
  private final short topicReplication;

  private volatile WatcherService service;
  private volatile DrsEventsGate gate;
  private volatile AwsAccess access;
  private volatile DrsClients clients;
  private volatile SsmClients ssm;
  private volatile boolean stopping;

  WatcherRuntime(
      Config config,
      WatcherSettings settings,
      @ConfigProperty(name = "schema.registry.url") String registryUrl,
      @ConfigProperty(name = "drs.endpoint") Optional<URI> drsEndpoint,
      @ConfigProperty(name = "sts.endpoint") Optional<URI> stsEndpoint,
      @ConfigProperty(name = "ssm.endpoint") Optional<URI> ssmEndpoint,
      @ConfigProperty(name = "topic.partitions") int topicPartitions,
      @ConfigProperty(name = "topic.replication") short topicReplication) {
    this.config = config;
    this.settings = settings;
    this.registryUrl = registryUrl;
    this.drsEndpoint = drsEndpoint;
    this.stsEndpoint = stsEndpoint;
    this.ssmEndpoint = ssmEndpoint;
    this.topicPartitions = topicPartitions;
    this.topicReplication = topicReplication;
  }

  void start(@Observes StartupEvent event) {
    KafkaClientSettings kafka =
        KafkaClientSettings.from(
            config.getPropertyNames(), n -> config.getOptionalValue(n, String.class));
    ServiceStart.prepare(kafka, registryUrl, topicPartitions, topicReplication);
    // DRS and SSM calls of one account share its role session: one AssumeRole, not one each.
    access = new AwsAccess(stsEndpoint.orElse(null), "job-watcher");
    clients = new DrsClients(drsEndpoint.orElse(null), access);
    ssm = new SsmClients(ssmEndpoint.orElse(null), access);
    config
        .getOptionalValue("drs.warm-up-region", String.class)
        .filter(region -> !region.isBlank())
        .ifPresent(region -> LOG.info(clients.warmUp(region)));
    LOG.info(
        SchemaWarmUp.warm(
            SchemaRegistryClient.shared(registryUrl),
            List.of(Topics.WAVE_EVENTS),
            List.of(Topics.WAVE_EVENTS),
            Map.of()));
    WatcherConfig watcherConfig =
        new WatcherConfig(
            kafka,
            registryUrl,
            settings.groupId(),
            polling(settings.poll()),
            settings.batchSize(),
            settings.maxBackoff(),
            new ActionPolling(
                settings.actions().automationInterval(), settings.actions().httpTimeout()));
    service = new WatcherService(watcherConfig, clients, ssm, Clock.systemUTC()).start();
    gate =
        new DrsEventsGate(
            settings.events().apiKeyHeader(),
            settings.events().apiKey().orElse(null),
            service::lookNow);
    ServiceStart.exitWhenItEnds(
        "job-watcher", service::awaitStopped, () -> stopping, () -> Quarkus.asyncExit(1));
    LOG.info(
        "job-watcher started; {} {}",
        DrsEventsGate.PATH,
        gate.enabled() ? "accepts launch-result events" : "disabled (no watcher.events.api-key)");
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    if (service != null) {
      service.close();
    }
    if (clients != null) {
      clients.close();
    }
    if (ssm != null) {
      ssm.close();
    }
    if (access != null) {
      access.close();
    }
  }

  /** Ready once every assigned partition is replayed and the loops run. */
  boolean isReady() {
    WatcherService running = service;
    return running != null && running.isReady();
  }

  /** The events endpoint's gate; null until started. */
  DrsEventsGate gate() {
    return gate;
  }

  private static PollIntervals polling(WatcherSettings.Poll poll) {
    return poll.interval()
        .map(fixed -> new PollIntervals(fixed, fixed, poll.nearEnd()))
        .orElseGet(() -> new PollIntervals(poll.min(), poll.max(), poll.nearEnd()));
  }
}
