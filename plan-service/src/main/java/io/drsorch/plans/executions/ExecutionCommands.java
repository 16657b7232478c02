package io.drsorch.plans.executions;

import io.drsorch.avro.ExecutionCommand;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.kafka.KafkaConnections;
import io.drsorch.schemas.topics.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;

/**
 * Sends an operator's command to the scheduler: on {@code drs.execution-commands}, keyed by the
 * execution, so that it is ordered with everything else of that execution.
 */
@ApplicationScoped
public class ExecutionCommands {

  /** Where an operator's command can still change something. */
  private static final Set<ExecutionStatus> UNDERWAY =
      EnumSet.of(ExecutionStatus.RUNNING, ExecutionStatus.PAUSED);

  @Inject KafkaConnections kafka;

  /**
   * Refuses a command to an execution that ended (or was never admitted): nothing would come of it.
   *
   * @throws ApiException 409 naming the execution's status
   */
  public static void requireUnderway(ExecutionUpdated view) {
    if (!UNDERWAY.contains(view.getStatus())) {
      throw ApiException.conflict(
          "execution " + view.getExecutionId() + " already ended: " + view.getStatus());
    }
  }

  /**
   * Publishes {@code command} (a member of the {@link ExecutionCommand} union) and waits for the
   * broker's acknowledgement.
   */
  public void send(String executionId, Object command) {
    kafka.publish(
        Topics.EXECUTION_COMMANDS,
        executionId,
        ExecutionCommand.newBuilder().setCommand(command).build());
  }
}
