package io.drsorch.simulator.admin;

import static io.drsorch.simulator.admin.AdminFields.number;
import static io.drsorch.simulator.admin.AdminFields.onlyKnown;
import static io.drsorch.simulator.admin.AdminFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.Timestamps;
import io.drsorch.simulator.ssm.AutomationDocument;
import io.drsorch.simulator.ssm.AutomationDocuments;
import io.drsorch.simulator.ssm.AutomationExecution;
import io.drsorch.simulator.ssm.AutomationExecutions;
import io.drsorch.simulator.ssm.AutomationJson;
import io.drsorch.simulator.ssm.AutomationOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin calls on the simulated SSM automation: defining what a document's executions do, and
 * listing the documents and every execution started (so that a test can count starts, whatever
 * account and region they were made in).
 */
final class SsmAdmin {

  private static final Set<String> DOCUMENT_FIELDS =
      Set.of("outcome", "durationSeconds", "failureMessage", "outputs");

  private final AutomationDocuments documents;
  private final AutomationExecutions executions;

  SsmAdmin(AutomationDocuments documents, AutomationExecutions executions) {
    this.documents = documents;
    this.executions = executions;
  }

  /**
   * {@code PUT /_sim/ssm/documents/{name}}: the document's next version, replacing the whole
   * definition; a field left out takes its default (Success, 0 s, no failure message, no outputs).
   * Executions already started keep the version they started with.
   */
  JsonNode defineDocument(String name, JsonNode body) {
    onlyKnown(body, DOCUMENT_FIELDS);
    if (!AutomationDocument.NAME.matcher(name).matches()) {
      throw new AdminError(
          400, "document name '" + name + "' must match " + AutomationDocument.NAME.pattern());
    }
    String outcomeName = text(body, "outcome").orElse(AutomationOutcome.Success.name());
    AutomationOutcome outcome =
        AutomationOutcome.parse(outcomeName)
            .orElseThrow(
                () ->
                    new AdminError(
                        400,
                        "outcome must be one of "
                            + AutomationOutcome.names()
                            + ", got "
                            + outcomeName));
    double seconds = number(body, "durationSeconds").orElse(0.0);
    if (!(seconds >= 0 && seconds <= Integer.MAX_VALUE)) {
      throw new AdminError(400, "durationSeconds must be a number >= 0, got " + seconds);
    }
    AutomationDocument document =
        documents.define(
            name,
            outcome,
            Duration.ofMillis(Math.round(seconds * 1000)),
            text(body, "failureMessage").orElse(null),
            outputs(body));
    return document(document);
  }

  /** {@code outputs}: an object of string lists, as SSM's {@code Outputs}. */
  private static Map<String, List<String>> outputs(JsonNode body) {
    JsonNode value = body.path("outputs");
    Map<String, List<String>> outputs = new LinkedHashMap<>();
    if (value.isMissingNode() || value.isNull()) {
      return outputs;
    }
    if (!value.isObject()) {
      throw new AdminError(400, "outputs must be an object of string lists");
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      String field = "outputs." + entry.getKey();
      if (!entry.getValue().isArray()) {
        throw new AdminError(400, field + " must be a list of strings");
      }
      List<String> list = new ArrayList<>();
      for (JsonNode item : entry.getValue()) {
        if (!item.isTextual()) {
          throw new AdminError(400, field + " must be a list of strings");
        }
        list.add(item.asText());
      }
      outputs.put(entry.getKey(), list);
    }
    return outputs;
  }

  /** {@code GET /_sim/ssm/documents}: the latest version of each document, by name. */
  JsonNode documents() {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    ArrayNode list = answer.putArray("documents");
    documents.latest().forEach(document -> list.add(document(document)));
    return answer;
  }

  /** {@code GET /_sim/ssm/executions}: every execution started, oldest first. */
  JsonNode executions() {
    Instant now = executions.now();
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    ArrayNode list = answer.putArray("executions");
    executions.all().forEach(execution -> list.add(execution(execution, now)));
    return answer;
  }

  private static ObjectNode document(AutomationDocument document) {
    ObjectNode node =
        JsonNodeFactory.instance
            .objectNode()
            .put("name", document.name())
            .put("version", document.version())
            .put("outcome", document.outcome().name())
            .put("durationSeconds", document.duration().toMillis() / 1000.0)
            .put("failureMessage", document.failureMessage());
    node.set("outputs", AutomationJson.stringLists(document.outputs()));
    return node;
  }

  private static ObjectNode execution(AutomationExecution execution, Instant now) {
    ObjectNode node =
        JsonNodeFactory.instance
            .objectNode()
            .put("id", execution.id())
            .put("accountId", execution.accountId())
            .put("region", execution.region())
            .put("documentName", execution.document().name())
            .put("documentVersion", Integer.toString(execution.document().version()));
    node.set("parameters", AutomationJson.stringLists(execution.parameters()));
    node.put("clientToken", execution.clientToken())
        .put("status", execution.statusAt(now))
        .put("startedAt", Timestamps.format(execution.startedAt()))
        .put("endedAt", execution.endTimeAt(now).map(Timestamps::format).orElse(null))
        .put("failureMessage", execution.failureMessageAt(now).orElse(null));
    return node;
  }
}
