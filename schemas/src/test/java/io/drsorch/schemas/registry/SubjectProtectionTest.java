package io.drsorch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's subjects on a real registry (Apicurio, whose own default level is NONE). */
class SubjectProtectionTest {

  private static SchemaRegistryClient registry;

  @BeforeAll
  static void startRegistry() {
    registry = new SchemaRegistryClient(SchemaRegistryProcess.shared().url());
  }

  @Test
  void givenProtectedSubjects_whenAnIncompatibleSchemaIsRegistered_thenTheRegistryRefusesIt() {
    // given: our schema registered under the requests subject, which is then protected
    String subject = "drs.execution-requests-value";
    registry.register(subject, ExecutionRequested.getClassSchema());
    SubjectProtection.protect(registry);

    // when / then: a schema our readers cannot read (a required field they never wrote)
    Schema hostile =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"ExecutionRequested\",\"namespace\":\"io.drsorch.avro\","
                    + "\"fields\":[{\"name\":\"takeover\",\"type\":\"string\"}]}");
    assertThatThrownBy(() -> registry.register(subject, hostile))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("409");
    assertThat(registry.compatibility(subject)).isEqualTo("BACKWARD");
  }

  @Test
  void givenEveryProjectSubject_whenProtected_thenEachReportsBackward() {
    // when
    SubjectProtection.protect(registry);

    // then
    assertThat(SubjectProtection.projectSubjects())
        .hasSize(12)
        .contains("drs.execution-requests-value", "drs.recovery-plans-value")
        .allSatisfy(s -> assertThat(registry.compatibility(s)).isEqualTo("BACKWARD"));
  }

  @Test
  void givenAProtectedSubject_whenASchemaEvolvesWithADefault_thenItIsAccepted() {
    // given: a subject of its own, so the catalogue's subjects keep their latest version
    String subject = "evolution-" + UUID.randomUUID() + "-value";
    SubjectProtection.protect(registry, subject);
    registry.register(subject, record("{\"name\":\"a\",\"type\":\"string\"}"));

    // when: a field added with a default (old records still read)
    int id =
        registry.register(
            subject,
            record(
                "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}"));

    // then
    assertThat(id).isPositive();
    assertThatThrownBy(
            () -> registry.register(subject, record("{\"name\":\"c\",\"type\":\"int\"}")))
        .hasMessageContaining("409");
  }

  @Test
  void givenServicesStartingTogether_whenTheyProtectTheSameNewSubjectsAtOnce_thenEachSucceeds()
      throws Exception {
    // given: eight starts racing for subjects nobody has protected yet (Apicurio refuses all but
    // the first creation of a subject's rule with 409)
    String[] subjects = new String[5];
    for (int i = 0; i < subjects.length; i++) {
      subjects[i] = "race-" + UUID.randomUUID() + "-value";
    }
    java.util.concurrent.ExecutorService starts =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        done.add(starts.submit(() -> SubjectProtection.protect(registry, subjects)));
      }

      // when / then: none fails, and every subject ends BACKWARD
      for (java.util.concurrent.Future<?> start : done) {
        start.get();
      }
    } finally {
      starts.shutdownNow();
    }
    for (String subject : subjects) {
      assertThat(registry.compatibility(subject)).isEqualTo("BACKWARD");
    }
  }

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
  }
}
