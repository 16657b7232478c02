package io.drsorch.plans.kafka;

import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ProtectionGroup;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.registry.SchemaWarmUp;
import io.drsorch.schemas.registry.SubjectProtection;
import io.drsorch.schemas.runtime.KafkaClientSettings;
import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.schemas.runtime.TransientFailures;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Everything this service holds open to Kafka: the producer, the three materialised views
 * (protection groups, plans, execution status) and the dead-letter sink for what the views cannot
 * read. Created on start, after making sure the catalogue's topics exist, and closed on shutdown.
 */
@Startup
@ApplicationScoped
public class KafkaConnections {

  private static final Logger LOG = Logger.getLogger(KafkaConnections.class);

  /** The {@code dlq.service} header of this service's dead letters. */
  static final String SERVICE = "plan-service";

  @ConfigProperty(name = "schema.registry.url")
  String registryUrl;

  @ConfigProperty(name = "topic.partitions", defaultValue = "3")
  int topicPartitions;

  @ConfigProperty(name = "topic.replication", defaultValue = "1")
  short topicReplication;

  @ConfigProperty(name = "plans.produce-timeout", defaultValue = "PT30S")
  Duration produceTimeout;

  @ConfigProperty(name = "plans.visibility-timeout", defaultValue = "PT10S")
  Duration visibilityTimeout;

  @ConfigProperty(name = "plans.dead-letters.id", defaultValue = "plan-service-dead-letters")
  String deadLettersId;

  @ConfigProperty(name = "plans.dead-letters.refresh-interval", defaultValue = "PT24H")
  Duration deadLettersRefreshInterval;

  private SchemaRegistryClient registry;
  private RecordPublisher publisher;
  private DeadLetterSink deadLetters;
  private TopicView<ProtectionGroup> groups;
  private TopicView<RecoveryPlan> plans;
  private TopicView<ExecutionUpdated> executions;

  /**
   * Opens everything, or nothing: when a step fails, what the steps before opened is closed before
   * the failure is thrown, as no {@link PreDestroy} runs for a bean whose start failed.
   */
  @PostConstruct
  void start() {
    try {
      open();
    } catch (RuntimeException | Error e) {
      stop();
      throw e;
    }
  }

  private void open() {
    // Every kafka.* setting (KAFKA_* variable) goes to every client: security, SASL, TLS.
    Config config = ConfigProvider.getConfig();
    KafkaClientSettings kafka =
        KafkaClientSettings.from(
            config.getPropertyNames(), n -> config.getOptionalValue(n, String.class));
    LOG.infof("Kafka client settings: %s", kafka);
    TopicAdmin.ensureTopics(kafka, topicPartitions, topicReplication);
    registry = SchemaRegistryClient.shared(registryUrl);
    // Refuse foreign schemas for our subjects (see SubjectProtection): every service does on start.
    SubjectProtection.protect(registry);
    LOG.info(
        SchemaWarmUp.warm(
            registry,
            List.of(
                Topics.RECOVERY_PLANS,
                Topics.PROTECTION_GROUPS,
                Topics.EXECUTION_REQUESTS,
                Topics.EXECUTION_COMMANDS),
            List.of(
                Topics.RECOVERY_PLANS,
                Topics.PROTECTION_GROUPS,
                Topics.EXECUTION_REQUESTS,
                Topics.EXECUTIONS),
            java.util.Map.of()));
    publisher = new RecordPublisher(kafka, produceTimeout);
    deadLetters =
        new DeadLetterSink(kafka, SERVICE, deadLettersId, deadLettersRefreshInterval).start();
    groups =
        TopicView.latestWins(
                kafka,
                Topics.PROTECTION_GROUPS.name(),
                topic(Topics.PROTECTION_GROUPS).value().deserializer(),
                this::unreadable)
            .start();
    plans =
        TopicView.latestWins(
                kafka,
                Topics.RECOVERY_PLANS.name(),
                topic(Topics.RECOVERY_PLANS).value().deserializer(),
                this::unreadable)
            .start();
    executions =
        new TopicView<>(
                kafka,
                Topics.EXECUTIONS.name(),
                topic(Topics.EXECUTIONS).value().deserializer(),
                KafkaConnections::newerView,
                this::unreadable)
            .start();
    countExecutionsByStatus();
  }

  /**
   * {@code drsorch_executions{status}}: the executions this service's view holds, by status (so
   * {@code status="RUNNING"} is how many run now), whichever instance of the scheduler runs them.
   */
  private void countExecutionsByStatus() {
    TopicView<ExecutionUpdated> view = executions;
    for (ExecutionStatus status : ExecutionStatus.values()) {
      Gauge.builder(
              "drsorch.executions",
              () -> view.values().stream().filter(e -> e.getStatus() == status).count())
          .description("Executions by status, as the executions view holds them")
          .tag("status", status.name())
          .strongReference(true)
          .register(Metrics.globalRegistry);
    }
  }

  /**
   * A record the views cannot read is dead-lettered, unless it failed to decode because the schema
   * registry could not be asked ({@link TransientFailures}): then it is read again until the
   * registry answers, as the record itself may be fine.
   */
  private UnreadableRecords.Action unreadable(
      ConsumerRecord<byte[], byte[]> record, RuntimeException reason) {
    if (TransientFailures.isOfTheMoment(reason)) {
      LOG.warnf(
          "cannot decode %s partition %d offset %d while the schema registry cannot be asked:"
              + " reading it again shortly (%s)",
          record.topic(), record.partition(), record.offset(), reason.getMessage());
      return UnreadableRecords.Action.RETRY;
    }
    deadLetters.send(record, reason);
    return UnreadableRecords.Action.SKIP;
  }

  /** Keeps the view with the higher sequence, should an older one ever be read after a newer. */
  private static ExecutionUpdated newerView(ExecutionUpdated held, ExecutionUpdated read) {
    return held == null || read.getSequence() >= held.getSequence() ? read : held;
  }

  @PreDestroy
  void stop() {
    // Any of them is null when start() failed half-way and calls this.
    for (AutoCloseable closeable :
        Stream.of(executions, plans, groups, deadLetters, publisher)
            .filter(Objects::nonNull)
            .toList()) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Shutting down: nothing left to do about it.
      }
    }
  }

  public <V extends SpecificRecord> Topic<V> topic(TopicSpec<V> spec) {
    return Topic.bind(spec, registry);
  }

  public TopicView<ProtectionGroup> groups() {
    return groups;
  }

  public TopicView<RecoveryPlan> plans() {
    return plans;
  }

  public TopicView<ExecutionUpdated> executions() {
    return executions;
  }

  public List<TopicView<?>> views() {
    return List.of(groups, plans, executions);
  }

  /** Writes and waits for the broker's acknowledgement. */
  public <V extends SpecificRecord> RecordMetadata publish(TopicSpec<V> spec, String key, V value) {
    return publisher.publish(topic(spec), key, value);
  }

  /**
   * Writes to the topic behind {@code view} and waits until the view has read the record, so that
   * the writer's next read sees its own write.
   *
   * @throws KafkaUnavailableException when the write or the wait fails
   */
  public <V extends SpecificRecord> void publishVisibly(
      TopicSpec<V> spec, TopicView<V> view, String key, V value) {
    RecordMetadata written = publish(spec, key, value);
    if (!view.awaitApplied(written.partition(), written.offset(), visibilityTimeout)) {
      throw new KafkaUnavailableException(
          "the change was written to "
              + spec.name()
              + " but is not readable yet (partition "
              + written.partition()
              + ", offset "
              + written.offset()
              + "); read it again shortly");
    }
  }

  /**
   * Brings {@code view} up to what its topic holds now, so that a write made through another
   * instance of this service (or anyone) just before is seen: the view is otherwise only eventually
   * up to date with other writers. Made before a read-modify-write (a version is computed from the
   * view) and when a key is not found, so that a client whose requests go to different instances
   * reads its own writes. Only writes at the same moment through two instances are not ordered: the
   * last one wins.
   *
   * @throws KafkaUnavailableException when that cannot be done within the visibility timeout
   */
  public void readLatest(TopicView<?> view) {
    requireCaughtUp(view);
    if (!view.awaitTopicEnd(visibilityTimeout)) {
      throw new KafkaUnavailableException(
          "cannot read " + view.topic() + " up to its end now; retry shortly");
    }
  }

  /**
   * Refuses to answer from a view that has not caught up with its topic yet: it could be missing
   * entries, and a write computed from it could lose an update.
   */
  public void requireCaughtUp(TopicView<?> view) {
    if (!view.isCaughtUp()) {
      throw new KafkaUnavailableException(
          "still reading " + view.topic() + " after a start; retry shortly");
    }
  }
}
