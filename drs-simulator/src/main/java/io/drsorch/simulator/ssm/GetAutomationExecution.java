package io.drsorch.simulator.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code GetAutomationExecution}: one of the caller's executions, its status read from the clock.
 */
public final class GetAutomationExecution implements SsmOperation {

  private final AutomationExecutions executions;

  public GetAutomationExecution(AutomationExecutions executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "GetAutomationExecution";
  }

  @Override
  public ObjectNode handle(SsmCaller caller, JsonNode body) {
    String id = executionId(body);
    AutomationExecution execution = executions.get(caller, id);
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.set("AutomationExecution", AutomationJson.of(execution, executions.now()));
    return response;
  }

  /** The model's {@code AutomationExecutionId} member, exactly 36 characters. */
  static String executionId(JsonNode body) {
    return SsmFields.ofLength(
        SsmFields.required(body, "AutomationExecutionId"),
        "AutomationExecutionId",
        SsmFields.EXECUTION_ID_LENGTH);
  }
}
