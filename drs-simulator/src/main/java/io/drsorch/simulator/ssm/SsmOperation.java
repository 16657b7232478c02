package io.drsorch.simulator.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One SSM API operation, served at {@code POST /} with {@code X-Amz-Target: AmazonSSM.<name>}. It
 * is handed the caller of each call, so a call only ever sees its own account and region.
 */
public interface SsmOperation {

  /** The operation name as {@code X-Amz-Target} names it after {@code AmazonSSM.}. */
  String name();

  /**
   * Serves one call.
   *
   * @param body the request body, always a JSON object
   * @throws SsmError for every answer that is not a success
   */
  ObjectNode handle(SsmCaller caller, JsonNode body);
}
