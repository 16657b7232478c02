package io.drsorch.scheduler.runtime;

import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.util.Map;

/** A real broker (in-process KRaft) and the schema registry for the scheduler under test. */
public class SchedulerKafkaResource implements QuarkusTestResourceLifecycleManager {

  static volatile EmbeddedKafka kafka;

  @Override
  public Map<String, String> start() {
    kafka = EmbeddedKafka.start();
    try {
      return Map.of(
          "kafka.bootstrap.servers", kafka.bootstrapServers(),
          "schema.registry.url", SchemaRegistryProcess.shared().url(),
          "streams.state.dir", Files.createTempDirectory("scheduler-app").toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
