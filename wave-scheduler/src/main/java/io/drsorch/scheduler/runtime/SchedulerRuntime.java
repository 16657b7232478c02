package io.drsorch.scheduler.runtime;

import io.drsorch.scheduler.SchedulerApp;
import io.drsorch.scheduler.SchedulerConfig;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.gate.GateRequestSerde;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.safety.Quarantine;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.topology.SchedulerStoreSubjects;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SchemaWarmUp;
import io.drsorch.schemas.registry.SubjectProtection;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.topics.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler as a Quarkus Kafka Streams application: the extension runs the Streams instance
 * (and reports its state at /q/health/ready); this class gives it the topology, the properties
 * ({@link SchedulerConfig#streamsProperties}, the quarantine and size guard included) and the
 * handler that replaces a failed thread, and makes sure, before anything runs, that the topics and
 * the schema subjects are in place.
 */
@ApplicationScoped
public class SchedulerRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerRuntime.class);

  private final SchedulerConfig config;
  private final SizeGuard guard;
  private final Quarantine quarantine = new Quarantine();
  private final int topicPartitions;
  private final short topicReplication;

  SchedulerRuntime(
      Config all,
      SchedulerSettings settings,
      @ConfigProperty(name = "schema.registry.url") String registryUrl,
      @ConfigProperty(name = "streams.state.dir") String stateDir,
      @ConfigProperty(name = "drs.max-servers-per-call") int maxServersPerCall,
      @ConfigProperty(name = "topic.partitions") int topicPartitions,
      @ConfigProperty(name = "topic.replication") short topicReplication) {
    KafkaClientSettings kafka =
        KafkaClientSettings.from(
            all.getPropertyNames(), n -> all.getOptionalValue(n, String.class));
    this.config =
        new SchedulerConfig(
            kafka,
            registryUrl,
            settings.applicationId(),
            stateDir,
            settings.commitIntervalMs(),
            settings.tick(),
            new RetryPolicy(
                settings.launch().maxAttempts(),
                settings.launch().backoff(),
                Duration.ofSeconds(60),
                settings.wave().timeout(),
                settings.execution().timeout()),
            new JobQuota(
                settings.drs().maxConcurrentJobs(),
                maxServersPerCall,
                settings.drs().maxServersInActiveJobs()),
            settings.maxRecordBytes(),
            StreamsVariables.from(System.getenv()));
    this.guard = new SizeGuard(config.maxRecordBytes());
    this.topicPartitions = topicPartitions;
    this.topicReplication = topicReplication;
  }

  /**
   * Before the Streams instance is built and started (the extension's own observer comes later).
   */
  void prepare(@Observes @Priority(1) StartupEvent event) {
    LOG.info("Kafka client settings: {}", config.kafka());
    TopicAdmin.ensureTopics(config.kafka(), topicPartitions, topicReplication);
    // The stores' changelog subjects are ours too: a foreign schema there would fail the restore.
    // So is the subject of the terminations on the gate's requests topic.
    List<String> ownSubjects =
        new ArrayList<>(List.of(SchedulerStoreSubjects.of(config.applicationId())));
    ownSubjects.add(GateRequestSerde.terminationSubject(Topics.SCHEDULER_LAUNCH_REQUESTS.name()));
    SubjectProtection.protect(
        SchemaRegistryClient.shared(config.registryUrl()), ownSubjects.toArray(String[]::new));
    LOG.info(
        SchemaWarmUp.warm(
            SchemaRegistryClient.shared(config.registryUrl()),
            List.of(
                Topics.SCHEDULER_ADMISSIONS,
                Topics.SCHEDULER_RELEASES,
                Topics.SCHEDULER_LAUNCH_REQUESTS,
                Topics.SCHEDULER_JOB_SLOTS,
                Topics.EXECUTIONS,
                Topics.EXECUTION_HISTORY,
                Topics.WAVE_COMMANDS,
                Topics.WAVE_EVENTS),
            List.of(Topics.EXECUTION_REQUESTS, Topics.EXECUTION_COMMANDS, Topics.WAVE_EVENTS),
            SchedulerStoreSubjects.written(config.applicationId())));
  }

  @Produces
  @Singleton
  Topology topology() {
    return SchedulerApp.topology(config, guard, quarantine);
  }

  /**
   * The Streams properties, objects included: the extension starts from this map (the name it looks
   * for), then adds what {@code quarkus.kafka-streams.*} and {@code kafka-streams.*} set.
   */
  @Produces
  @Alternative
  @Priority(1)
  @Singleton
  @Identifier("default-kafka-broker")
  Map<String, Object> streamsProperties() {
    Map<String, Object> properties = new HashMap<>();
    config.streamsProperties(guard, quarantine).forEach((k, v) -> properties.put((String) k, v));
    return properties;
  }

  @Produces
  @Singleton
  StreamsUncaughtExceptionHandler replaceFailedThreads() {
    return SchedulerApp::replaceFailedThread;
  }
}
