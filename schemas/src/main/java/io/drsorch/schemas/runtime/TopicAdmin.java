package io.drsorch.schemas.runtime;

import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the catalogue's topics when they are missing. Every service calls it on start, so the
 * services can start in any order; a topic that exists is left as it is.
 */
public final class TopicAdmin {

  private TopicAdmin() {}

  public static void ensureTopics(String bootstrapServers, int partitions, short replication) {
    ensureTopics(KafkaClientSettings.of(bootstrapServers), partitions, replication);
  }

  /**
   * Creates what is missing with {@code partitions} partitions of {@code replication} replicas
   * each, connecting with the service's client settings (security included).
   */
  public static void ensureTopics(KafkaClientSettings kafka, int partitions, short replication) {
    String bootstrapServers = kafka.bootstrapServers();
    try (Admin admin =
        Admin.create(kafka.over(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)))) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec<?> spec : Topics.ALL) {
        if (!existing.contains(spec.name())) {
          missing.add(new NewTopic(spec.name(), partitions, replication).configs(spec.configs()));
        }
      }
      if (!existing.contains(Topics.DEAD_LETTERS)) {
        missing.add(
            new NewTopic(Topics.DEAD_LETTERS, partitions, replication)
                .configs(Map.of("cleanup.policy", "delete")));
      }
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw e;
          }
        }
      }
      awaitVisible(admin, missing.stream().map(NewTopic::name).toList());
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(KafkaTrouble.explain(bootstrapServers, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * A created topic is not served at once: the broker learns of it from the controller a moment
   * later. Waiting here spares every caller (Kafka Streams fails on a missing source topic) that
   * race.
   */
  private static void awaitVisible(Admin admin, List<String> names)
      throws InterruptedException, java.util.concurrent.TimeoutException, ExecutionException {
    if (names.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause()
                instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
