package io.drsorch.launcher.runtime;

import io.drsorch.simulator.DrsSimulator;
import io.drsorch.testsupport.EmbeddedKafka;
import io.drsorch.testsupport.SchemaRegistryProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * What the launcher needs around it, real: a broker (in-process KRaft), the schema registry (a
 * child process shared by the test JVM) and the DRS simulator, reached through the AWS SDK.
 */
public class LauncherStackResource implements QuarkusTestResourceLifecycleManager {

  static volatile EmbeddedKafka kafka;
  static volatile DrsSimulator simulator;

  @Override
  public Map<String, String> start() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    kafka = EmbeddedKafka.start();
    simulator = DrsSimulator.start("127.0.0.1", 0);
    simulator.configure(0.3, 0.5, 0);
    return Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(),
        "schema.registry.url", SchemaRegistryProcess.shared().url(),
        "drs.endpoint", simulator.endpoint().toString(),
        "sts.endpoint", simulator.stsEndpoint().toString(),
        "aws.region", "us-east-1");
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
