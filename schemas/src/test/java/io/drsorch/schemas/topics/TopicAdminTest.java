package io.drsorch.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.schemas.runtime.TopicAdmin;
import io.drsorch.testsupport.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

  @Test
  void givenAnEmptyBroker_whenTopicsAreEnsuredTwice_thenEveryTopicExistsWithItsCleanupPolicy()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      // when: twice, as when several services start together
      TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
      TopicAdmin.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);

      // then
      for (TopicSpec<?> spec : Topics.ALL) {
        TopicDescription topic =
            admin
                .describeTopics(List.of(spec.name()))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(spec.name());
        assertThat(topic.partitions()).hasSize(3);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("cleanup.policy").value())
            .as(spec.name())
            .isEqualTo(spec.compacted() ? "compact" : "delete");
      }
      assertThat(admin.listTopics().names().get()).contains(Topics.DEAD_LETTERS);
    }
  }
}
