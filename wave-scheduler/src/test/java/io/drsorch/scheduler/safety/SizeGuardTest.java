package io.drsorch.scheduler.safety;

import static io.drsorch.scheduler.Inputs.request;
import static io.drsorch.scheduler.Inputs.wave;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SizeGuardTest {

  @Test
  void givenARecord_whenMeasured_thenItsSizeIsWhatTheSerdeWrites() {
    // given
    ExecutionRequested request = request("exec-1", "plan-1", wave("db"), wave("app", "db"));
    SchemaRegistryClient registry =
        SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());

    // when
    int measured = RecordSize.of(request);

    // then
    byte[] written =
        AvroSerde.forValues(registry, ExecutionRequested.class).serialize("t", request);
    assertThat(measured).isEqualTo(written.length);
  }

  @Test
  void givenRecordsOnBothSidesOfTheBound_whenChecked_thenTheFirstOverItIsNamedWithItsSize() {
    // given
    ExecutionRequested small = request("exec-1", "plan-1", wave("db"));
    ExecutionRequested large = request("exec-2", "plan-2", wave("db"));
    large.setPlanName("x".repeat(2000));
    SizeGuard guard = new SizeGuard(1000);

    // when
    var problem =
        guard
            .check()
            .add("drs.executions", "the small one", small)
            .add("drs.executions", "the large one", large)
            .add("drs.executions", "the small one again", small)
            .problem();

    // then
    assertThat(problem)
        .hasValue(
            "the large one would be "
                + RecordSize.of(large)
                + " bytes, over the 1000-byte bound of drs.executions");
  }

  @Test
  void givenATopicThatRefusedARecord_whenAsLargeAComesAgain_thenHeldUntilTheRefusalIsForgotten() {
    // given
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    SizeGuard guard = new SizeGuard(900_000, clock);
    ExecutionRequested request = request("exec-1", "plan-1", wave("db"));
    int size = RecordSize.of(request);

    // when
    guard.refused("drs.executions", size + 10);
    guard.refused("drs.executions", size);
    guard.refused("drs.executions", size + 20);

    // then
    assertThat(guard.check().add("drs.executions", "the view", request).problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .endsWith(
                        "bound of drs.executions (the broker refused a record of "
                            + size
                            + " bytes there)"));
    assertThat(guard.check().add("drs.execution-history", "a transition", request).problem())
        .isEmpty();
    now.set(now.get().plus(SizeGuard.REFUSAL_MEMORY).plus(Duration.ofSeconds(1)));
    assertThat(guard.limitFor("drs.executions")).isEqualTo(900_000);
  }
}
