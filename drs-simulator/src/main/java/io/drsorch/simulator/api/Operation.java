package io.drsorch.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;

/**
 * One DRS API operation, served at {@code POST /<name>}. It is handed the account of each call
 * rather than holding one, so that a call can only ever see and change its own account.
 */
public interface Operation {

  /** The operation name, which is also its path. */
  String name();

  /** The HTTP status of a success, as the service model declares it. */
  default int successStatus() {
    return 200;
  }

  /**
   * Serves one call.
   *
   * @param account the account the caller's credentials belong to
   * @param region the region the caller signed the request for
   * @param body the request body, always a JSON object
   * @throws DrsError for every answer that is not a success
   */
  ObjectNode handle(DrsAccount account, String region, JsonNode body);
}
