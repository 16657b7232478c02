package io.drsorch.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.deploy.secure.KafkaUsers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed Strimzi users are the ACL table of the code, not a copy that drifts from it. */
class KafkaUsersTest {

  @Test
  void givenTheGrants_whenRendered_thenTheCommittedKafkaUsersAreTheSame() throws Exception {
    Path committed = Path.of("k8s", "kafka-users.yaml");
    assertThat(Files.readString(committed))
        .as(
            "deploy/k8s/kafka-users.yaml differs from Grants: regenerate it with"
                + " io.drsorch.deploy.secure.KafkaUsers deploy/k8s/kafka-users.yaml")
        .isEqualTo(KafkaUsers.render());
  }
}
