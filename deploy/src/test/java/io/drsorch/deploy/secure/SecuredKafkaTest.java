package io.drsorch.deploy.secure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.drctl.cli.Captured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole stack on a broker that requires SASL_SSL (SCRAM-SHA-512 over TLS, a certificate made by
 * the stack with keytool) with ACLs on: every service logs in as itself, drctl with its own
 * credentials, and a client without them is refused.
 */
class SecuredKafkaTest {

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "secure-stack",
          Map.of(
              "STACK_KAFKA_SECURITY", "sasl_ssl",
              "SIM_PENDING_SECONDS", "1",
              "SIM_STARTED_SECONDS", "1"));

  @Test
  void givenABrokerRequiringSaslSsl_whenADrillRuns_thenEveryServiceTookPartWithItsOwnLogin()
      throws Exception {
    // given
    Drills drills = new Drills(STACK);
    Map<String, List<String>> servers = drills.servers(1, "db", "app");

    // when
    String plan = drills.plan(servers, Map.of("app", List.of("db")));
    var view = drills.runToEnd(plan, Duration.ofMinutes(2));

    // then: it ran through the scheduler, launcher and watcher, all over SASL_SSL
    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("COMPLETED");
    String kafkaLog = Files.readString(STACK.logs().resolve("kafka.log"));
    assertThat(kafkaLog).contains("Kafka ACLs in place");

    // and drctl reads its history with the credentials the stack wrote for it
    Path drctlConfig = STACK.home().resolve("config").resolve("drctl.properties");
    Captured audit =
        Captured.run(
            "audit",
            view.path("executionId").asText(),
            "--bootstrap-server",
            STACK.bootstrapServers(),
            "--schema-registry",
            STACK.registryUrl(),
            "--kafka-config",
            drctlConfig.toString(),
            "--verify");
    assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.out())
        .contains("execution RUNNING -> COMPLETED")
        .containsPattern("verified: replaying \\d+ recorded inputs");
  }

  @Test
  void givenDrctlsLogin_whenItRequestsStraightToKafka_thenItsKafkaPrincipalIsTheRequester()
      throws Exception {
    // given
    Drills drills = new Drills(STACK);
    Map<String, List<String>> servers = drills.servers(1, "db");
    String id = "plan-kafka-principal";
    Path plan =
        Files.writeString(
            STACK.home().resolve(id + ".yaml"),
            "planId: "
                + id
                + "\nname: Through Kafka\nwaves:\n"
                + "  - {id: db, region: us-east-1, sourceServerIds: "
                + servers.get("db")
                + "}\n");

    // when
    Captured requested =
        Captured.run(
            "request",
            "--plan-file",
            plan.toString(),
            "--mode",
            "DRILL",
            "--bootstrap-server",
            STACK.bootstrapServers(),
            "--schema-registry",
            STACK.registryUrl(),
            "--kafka-config",
            STACK.home().resolve("config").resolve("drctl.properties").toString(),
            "-o",
            "json");

    // then
    assertThat(requested.code()).as(requested.err()).isZero();
    String executionId =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(requested.out())
            .path("executionId")
            .asText();
    var view = drills.awaitEnd(executionId, Duration.ofMinutes(2));
    assertThat(view.path("requestedBy").asText()).isEqualTo("User:drctl");
  }

  @Test
  void givenOnePrincipalsLogin_whenItWritesWhereOnlyAnotherMay_thenTheBrokerRefuses()
      throws Exception {
    // drctl may request executions, never command a launch; the launcher answers launches, it
    // does not request executions
    assertThat(refusedWrite("drctl", "drs.wave-commands"))
        .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
    assertThat(refusedWrite("drs-launcher", "drs.execution-requests"))
        .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
    assertThat(refusedWrite("job-watcher", "drs.wave-commands"))
        .isInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
  }

  /** What the broker answers a write of {@code user}'s to {@code topic}: the cause, or null. */
  private static Throwable refusedWrite(String user, String topic) throws Exception {
    Properties props = new Properties();
    try (var in =
        Files.newBufferedReader(STACK.home().resolve("config").resolve("drctl.properties"))) {
      props.load(in);
    }
    String password =
        Files.readString(STACK.home().resolve("config").resolve("secrets").resolve(user)).strip();
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
    props.put("bootstrap.servers", STACK.bootstrapServers());
    props.put("max.block.ms", "10000");
    props.put("delivery.timeout.ms", "15000");
    props.put("request.timeout.ms", "5000");
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            props,
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      Throwable thrown =
          catchThrowable(
              () ->
                  producer
                      .send(
                          new org.apache.kafka.clients.producer.ProducerRecord<>(
                              topic, "x".getBytes(), "forged".getBytes()))
                      .get(20, TimeUnit.SECONDS));
      return thrown == null || thrown.getCause() == null ? thrown : thrown.getCause();
    }
  }

  @Test
  void givenAClientWithoutCredentials_whenItConnects_thenItIsRefused() {
    // given: a client that speaks plain Kafka, as one configured for an open cluster does
    Properties plain = new Properties();
    plain.put("bootstrap.servers", STACK.bootstrapServers());
    plain.put("default.api.timeout.ms", "5000");
    plain.put("request.timeout.ms", "3000");

    // when
    Throwable refused;
    try (Admin admin = Admin.create(plain)) {
      refused = catchThrowable(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
    }

    // then
    assertThat(refused).as("a plain client listing topics").isNotNull();
  }

  @Test
  void givenAClientWithAWrongPassword_whenItConnects_thenTheLoginIsRefused() throws Exception {
    // given: drctl's own settings with another password
    Properties wrong = new Properties();
    try (var in =
        Files.newBufferedReader(STACK.home().resolve("config").resolve("drctl.properties"))) {
      wrong.load(in);
    }
    wrong.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"drctl\""
            + " password=\"not-the-password\";");
    wrong.put("bootstrap.servers", STACK.bootstrapServers());
    wrong.put("default.api.timeout.ms", "10000");
    wrong.put("request.timeout.ms", "5000");

    // when
    Throwable refused;
    try (Admin admin = Admin.create(wrong)) {
      refused = catchThrowable(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS));
    }

    // then
    List<String> causes = new ArrayList<>();
    for (Throwable t = refused; t != null; t = t.getCause()) {
      causes.add(t.getClass().getSimpleName() + ": " + t.getMessage());
    }
    assertThat(causes).anyMatch(c -> c.contains("SaslAuthenticationException"));
  }

  @Test
  void givenAServiceStartedWithoutCredentials_thenItStopsSayingWhichSettingsToSet()
      throws Exception {
    // given: the launcher, as the stack runs it, but with no security settings
    Path app = STACK.home().resolve("app").resolve("drs-launcher").resolve("quarkus-run.jar");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0",
                "-Dkafka.default.api.timeout.ms=5000",
                "-Dkafka.request.timeout.ms=4000",
                "-jar",
                app.toString())
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_"));
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", STACK.bootstrapServers());
    builder.environment().put("SCHEMA_REGISTRY_URL", STACK.registryUrl());
    builder.environment().put("LAUNCHER_TRANSACTIONAL_ID", "drs-launcher-without-credentials");

    // when
    Process process = builder.start();
    boolean ended = process.waitFor(2, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes());
    if (!ended) {
      process.destroyForcibly();
    }

    // then
    assertThat(ended).as("the launcher stops by itself").isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output)
        .as(output)
        .contains("KAFKA_SECURITY_PROTOCOL")
        .contains("KAFKA_SASL_JAAS_CONFIG");
  }
}
