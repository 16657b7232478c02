package io.drsorch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.avro.WaveCommand;
import io.drsorch.testsupport.RegistryProxy;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A registry that asks for a login, reached with and without one (a real registry behind). */
class RegistryAccessTest {

  private RegistryProxy registry;

  @BeforeEach
  void start() throws Exception {
    registry = RegistryProxy.of(SchemaRegistryProcess.shared().url());
    registry.requireLogin("drs-launcher:s3cret");
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void givenTheLogin_whenASchemaIsRegistered_thenTheRegistryTakesIt() {
    SchemaRegistryClient client =
        new SchemaRegistryClient(
            registry.url(), new RegistryAccess("drs-launcher:s3cret", null, null, "PKCS12"));

    assertThat(client.register("access-test-value", WaveCommand.getClassSchema())).isPositive();
  }

  @Test
  void givenNoLoginOrAWrongOne_thenRefusedWith401() {
    SchemaRegistryClient none = new SchemaRegistryClient(registry.url(), RegistryAccess.NONE);
    SchemaRegistryClient wrong =
        new SchemaRegistryClient(
            registry.url(), new RegistryAccess("drs-launcher:guess", null, null, "PKCS12"));

    assertThatThrownBy(() -> none.register("access-test-value", WaveCommand.getClassSchema()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("HTTP 401");
    assertThatThrownBy(() -> wrong.register("access-test-value", WaveCommand.getClassSchema()))
        .hasMessageContaining("HTTP 401");
  }

  @Test
  void givenTheEnvironmentsNames_thenReadFromThem_andThePasswordIsNeverShown() {
    Map<String, String> env =
        Map.of(
            "schema.registry.basic.auth.user.info", "plan-service:pa55",
            "schema.registry.ssl.truststore.location", "/etc/drsorch/registry.p12");

    RegistryAccess access = RegistryAccess.from(name -> Optional.ofNullable(env.get(name)));

    assertThat(access.authorization()).contains("Basic cGxhbi1zZXJ2aWNlOnBhNTU=");
    assertThat(access.toString()).contains("plan-service").doesNotContain("pa55");
    assertThatThrownBy(() -> new RegistryAccess("no-colon", null, null, "PKCS12"))
        .hasMessageContaining("user:password");
  }
}
