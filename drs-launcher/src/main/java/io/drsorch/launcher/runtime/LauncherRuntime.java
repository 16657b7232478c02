package io.drsorch.launcher.runtime;

import io.drsorch.drsclient.AwsAccess;
import io.drsorch.drsclient.DrsClients;
import io.drsorch.drsclient.SsmClients;
import io.drsorch.launcher.LauncherConfig;
import io.drsorch.launcher.LauncherService;
import io.drsorch.launcher.action.ActionSettings;
import io.drsorch.launcher.action.ActionStarter;
import io.drsorch.launcher.launch.WaveLauncher;
import io.drsorch.launcher.terminate.InstanceTerminator;
import io.drsorch.launcher.terminate.TerminationSettings;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SchemaWarmUp;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.ServiceStart;
import io.drsorch.schemas.topics.Topics;
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
  private final int maxInstancesPerTerminate;
  private final Optional<URI> drsEndpoint;
  private final Optional<URI> stsEndpoint;
  private final Optional<URI> ssmEndpoint;
  private final int topicPartitions;
  private final short topicReplication;

  private volatile LauncherService service;
  private volatile AwsAccess access;
  private volatile DrsClients clients;
  private volatile SsmClients ssm;
  private volatile boolean stopping;

  LauncherRuntime(
      Config config,
      LauncherSettings settings,
      @ConfigProperty(name = "schema.registry.url") String registryUrl,
      @ConfigProperty(name = "drs.max-servers-per-call") int maxServersPerCall,
      @ConfigProperty(name = "drs.max-instances-per-terminate", defaultValue = "200")
          int maxInstancesPerTerminate,
      @ConfigProperty(name = "drs.endpoint") Optional<URI> drsEndpoint,
      @ConfigProperty(name = "sts.endpoint") Optional<URI> stsEndpoint,
      @ConfigProperty(name = "ssm.endpoint") Optional<URI> ssmEndpoint,
      @ConfigProperty(name = "topic.partitions") int topicPartitions,
      @ConfigProperty(name = "topic.replication") short topicReplication) {
    this.config = config;
    this.settings = settings;
    this.registryUrl = registryUrl;
    this.maxServersPerCall = maxServersPerCall;
    this.maxInstancesPerTerminate = maxInstancesPerTerminate;
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
    access = new AwsAccess(stsEndpoint.orElse(null), "drs-launcher");
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
            List.of(Topics.WAVE_COMMANDS),
            Map.of()));
    LauncherConfig launcherConfig =
        new LauncherConfig(
            kafka,
            registryUrl,
            settings.groupId(),
            settings.transactionalId(),
            maxServersPerCall,
            settings.concurrency());
    WaveLauncher launcher =
        new WaveLauncher(clients, maxServersPerCall, settings.dedupeClockSkew());
    InstanceTerminator terminator =
        new InstanceTerminator(
            clients,
            new TerminationSettings(
                maxInstancesPerTerminate,
                settings.terminationAttempts(),
                settings.terminationFirstWait(),
                settings.terminationLongestWait(),
                settings.dedupeClockSkew()));
    ActionStarter actions =
        new ActionStarter(
            ssm,
            new ActionSettings(
                settings.actionAttempts(),
                settings.actionFirstWait(),
                settings.actionLongestWait()),
            Clock.systemUTC());
    service =
        new LauncherService(launcherConfig, launcher, terminator, actions, Clock.systemUTC())
            .start();
    ServiceStart.exitWhenItEnds(
        "drs-launcher", service::awaitStopped, () -> stopping, () -> Quarkus.asyncExit(1));
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
    if (ssm != null) {
      ssm.close();
    }
    if (access != null) {
      access.close();
    }
  }

  /** Whether the loop has its partitions and runs: what readiness reports. */
  boolean isReady() {
    LauncherService running = service;
    return running != null && running.isReady();
  }
}
