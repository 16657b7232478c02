package io.drsorch.plans;

import io.drsorch.simulator.DrsSimulator;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real broker (in-process KRaft), a real schema registry (Apicurio, a child process shared by the
 * test JVM) and the DRS simulator for the service under test, started once for every test class.
 * The service creates its topics itself on start. It reaches the simulator through the real AWS
 * SDK, as it would reach DRS: every start of an execution asks DRS whether its servers are ready.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  /** The simulator the service talks to, for tests that set up servers, jobs and faults. */
  public static volatile DrsSimulator simulator;

  private EmbeddedKafka kafka;

  @Override
  public Map<String, String> start() {
    // The AWS default credential chain, as in production: the simulator accepts any keys.
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    kafka = EmbeddedKafka.start();
    simulator = DrsSimulator.start("127.0.0.1", 0);
    return Map.of(
        "kafka.bootstrap.servers",
        kafka.bootstrapServers(),
        "schema.registry.url",
        SchemaRegistryProcess.shared().url(),
        "drs.endpoint",
        simulator.endpoint().toString(),
        "sts.endpoint",
        simulator.stsEndpoint().toString());
  }

  @Override
  public void stop() {
    if (simulator != null) {
      simulator.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
