package io.drsorch.plans;

import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real broker (in-process KRaft) and a real schema registry (Apicurio, a child process shared by
 * the test JVM) for the service under test. The service creates its topics itself on start.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedKafka kafka;

  @Override
  public Map<String, String> start() {
    kafka = EmbeddedKafka.start();
    return Map.of(
        "kafka.bootstrap.servers",
        kafka.bootstrapServers(),
        "schema.registry.url",
        SchemaRegistryProcess.shared().url());
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
