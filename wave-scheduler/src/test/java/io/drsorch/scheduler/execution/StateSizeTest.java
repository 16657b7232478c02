package io.drsorch.scheduler.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.scheduler.Inputs;
import io.drsorch.scheduler.LargestPlan;
import io.drsorch.scheduler.core.Decider;
import io.drsorch.scheduler.core.ExecutionEvent;
import io.drsorch.scheduler.core.ExecutionEvent.Meta;
import io.drsorch.scheduler.core.ExecutionState;
import io.drsorch.scheduler.core.RetryPolicy;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.publication.Publication;
import io.drsorch.scheduler.publication.Views;
import io.drsorch.scheduler.safety.SizeGuard;
import io.drsorch.scheduler.store.StateCodec;
import io.drsorch.schemas.limits.PlanLimits;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Measures the records of the largest execution {@link PlanLimits} admit, at the end of its run,
 * when every server has its recovery instance and every wave its jobs: the state record (the
 * executions changelog) and the view (drs.executions), as the scheduler's serdes write them. Both
 * must stay well under the broker's 1,048,576 bytes, and under the scheduler's bound.
 */
class StateSizeTest {

  private static final int BOUND = SizeGuard.DEFAULT_MAX_RECORD_BYTES;

  private final SchemaRegistryClient registry =
      SchemaRegistryClient.shared(SchemaRegistryProcess.shared().url());
  private final Decider decider = new Decider(RetryPolicy.DEFAULT);

  @Test
  void givenTheLargestAdmissiblePlan_whenItRanToTheEnd_thenItsStateAndViewFitUnderTheBound() {
    // given: 200 waves, each depending on the 5 before it (985 dependencies, near the 1,000 a plan
    // may have) and naming a role ARN of the longest length allowed, each run to the end with every
    // server launched
    String executionId = LargestPlan.id("exec-", 0, PlanLimits.MAX_ID_LENGTH);
    ExecutionRequested request =
        LargestPlan.request(
            executionId,
            LargestPlan.id("plan-", 0, PlanLimits.MAX_ID_LENGTH),
            5,
            PlanLimits.MAX_ROLE_ARN_LENGTH);
    Instant now = Inputs.T0;
    Publication last = apply(null, request, now);
    ExecutionState start = last.state();
    for (int wave = 0; wave < PlanLimits.MAX_WAVES; wave++) {
      now = now.plusSeconds(60);
      last = apply(last.state(), LargestPlan.launched(executionId, wave), now);
      now = now.plusSeconds(600);
      last = apply(last.state(), LargestPlan.completed(executionId, wave), now);
    }
    assertThat(last.state().status()).isEqualTo(ExecutionStatus.COMPLETED);

    // when
    int requestBytes = bytes(Topics.EXECUTION_REQUESTS.name(), request);
    int stateBytes = bytes("scheduler-executions-changelog", StateCodec.toStored(last.state()));
    int viewBytes = bytes(Topics.EXECUTIONS.name(), last.view());
    ExecutionState largest = new LargestState(5, JobQuota.DEFAULT).of(start);
    int largestStateBytes = bytes("changelog", StateCodec.toStored(largest));
    int largestViewBytes = bytes(Topics.EXECUTIONS.name(), view(largest));

    // then
    System.out.printf(
        "[sizes] largest admissible plan (%d waves, %d servers): request %,d bytes;"
            + " at the end of its run: StoredExecution %,d bytes, ExecutionUpdated %,d bytes;"
            + " as projected at admission: StoredExecution %,d bytes, ExecutionUpdated %,d bytes;"
            + " bound %,d bytes%n",
        PlanLimits.MAX_WAVES,
        PlanLimits.MAX_SERVERS,
        requestBytes,
        stateBytes,
        viewBytes,
        largestStateBytes,
        largestViewBytes,
        BOUND);
    assertThat(stateBytes).isLessThan(BOUND);
    assertThat(viewBytes).isLessThan(BOUND);
    // The check made at admission never lets through an execution that could outgrow the bound.
    assertThat(largestStateBytes).isGreaterThanOrEqualTo(stateBytes).isLessThan(BOUND);
    assertThat(largestViewBytes).isGreaterThanOrEqualTo(viewBytes).isLessThan(BOUND);
  }

  private Publication apply(ExecutionState state, Object input, Instant now) {
    List<ExecutionEvent> events = decider.decide(state, input, now);
    assertThat(events).as("what %s decides", input.getClass().getSimpleName()).isNotEmpty();
    return Publication.of(state, events);
  }

  private static ExecutionUpdated view(ExecutionState s) {
    return Views.view(s, new Meta(s.sequence(), s.startedAt(), s.requestId(), ""));
  }

  @SuppressWarnings("unchecked")
  private <T extends SpecificRecord> int bytes(String topic, T value) {
    AvroSerde<T> serde = AvroSerde.forValues(registry, (Class<T>) value.getClass());
    return serde.serialize(topic, value).length;
  }
}
