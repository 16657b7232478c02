package io.drsorch.simulator.ssm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An automation execution in the shapes of the SSM model, as GetAutomationExecution answers it.
 * Timestamps are epoch seconds as a JSON number with milliseconds, which is how the JSON 1.1
 * protocol encodes them (never ISO-8601 strings, unlike DRS's rest-json).
 */
public final class AutomationJson {

  private AutomationJson() {}

  static ObjectNode of(AutomationExecution execution, Instant now) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("AutomationExecutionId", execution.id());
    node.put("DocumentName", execution.document().name());
    node.put("DocumentVersion", Integer.toString(execution.document().version()));
    node.set("ExecutionStartTime", epochSeconds(execution.startedAt()));
    execution.endTimeAt(now).ifPresent(end -> node.set("ExecutionEndTime", epochSeconds(end)));
    node.put("AutomationExecutionStatus", execution.statusAt(now));
    node.set("Parameters", stringLists(execution.parameters()));
    node.set("Outputs", stringLists(execution.outputsAt(now)));
    execution.failureMessageAt(now).ifPresent(message -> node.put("FailureMessage", message));
    node.put("Mode", "Auto");
    return node;
  }

  /**
   * A {@link DecimalNode} built directly, not through the node factory, which would strip the
   * trailing zeros and write {@code 1.7953416E+9}.
   */
  static DecimalNode epochSeconds(Instant instant) {
    return new DecimalNode(BigDecimal.valueOf(instant.toEpochMilli(), 3));
  }

  /** A map of string lists ({@code Parameters}, {@code Outputs}) as a JSON object. */
  public static ObjectNode stringLists(Map<String, List<String>> values) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    values.forEach(
        (key, list) -> {
          ArrayNode array = node.putArray(key);
          list.forEach(array::add);
        });
    return node;
  }
}
