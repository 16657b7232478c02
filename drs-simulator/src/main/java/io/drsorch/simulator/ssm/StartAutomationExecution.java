package io.drsorch.simulator.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.ssm.AutomationExecutions.StartRequest;
import java.util.Optional;

/**
 * {@code StartAutomationExecution}: starts an execution of a document the admin API defined, or,
 * for a client token already used in the caller's account and region with the same document,
 * version and parameters, answers that execution's id and starts nothing. Tags and the rate-control
 * members (targets, concurrency, locations) are accepted and not simulated: every execution runs
 * once, as the document's definition says.
 */
public final class StartAutomationExecution implements SsmOperation {

  private final AutomationExecutions executions;

  public StartAutomationExecution(AutomationExecutions executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "StartAutomationExecution";
  }

  @Override
  public ObjectNode handle(SsmCaller caller, JsonNode body) {
    String documentName =
        SsmFields.matching(
            SsmFields.required(body, "DocumentName"), "DocumentName", AutomationDocument.NAME);
    Optional<String> version =
        SsmFields.string(body, "DocumentVersion")
            .map(v -> SsmFields.matching(v, "DocumentVersion", AutomationDocuments.VERSION));
    Optional<String> clientToken =
        SsmFields.string(body, "ClientToken")
            .map(token -> SsmFields.ofLength(token, "ClientToken", SsmFields.CLIENT_TOKEN_LENGTH))
            .map(token -> SsmFields.matching(token, "ClientToken", SsmFields.CLIENT_TOKEN));
    AutomationExecution execution =
        executions.start(
            caller,
            new StartRequest(
                documentName, version, SsmFields.parameters(body, "Parameters"), clientToken));
    return JsonNodeFactory.instance.objectNode().put("AutomationExecutionId", execution.id());
  }
}
