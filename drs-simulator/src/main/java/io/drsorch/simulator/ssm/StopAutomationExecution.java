package io.drsorch.simulator.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code StopAutomationExecution}: a running execution of the caller's ends Cancelled at once (SSM
 * passes through Cancelling first, for as long as its current step takes to stop; a simulated
 * document has no steps). An execution that has already ended keeps its status and the call still
 * succeeds: the model lists InvalidAutomationStatusUpdateException for this operation, but when SSM
 * answers it is not documented. {@code Type} Complete is treated as Cancel, the only type whose
 * effect SSM documents for an ordinary automation.
 */
public final class StopAutomationExecution implements SsmOperation {

  /** The model's {@code StopType}. */
  private static final List<String> STOP_TYPES = List.of("Complete", "Cancel");

  private final AutomationExecutions executions;

  public StopAutomationExecution(AutomationExecutions executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "StopAutomationExecution";
  }

  @Override
  public ObjectNode handle(SsmCaller caller, JsonNode body) {
    String id = GetAutomationExecution.executionId(body);
    SsmFields.string(body, "Type").ifPresent(type -> SsmFields.oneOf(type, "Type", STOP_TYPES));
    executions.stop(caller, id);
    return JsonNodeFactory.instance.objectNode();
  }
}
