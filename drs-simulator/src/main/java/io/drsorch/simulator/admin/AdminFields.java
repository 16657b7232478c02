package io.drsorch.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.schemas.limits.IdFormats;
import io.drsorch.simulator.account.Accounts;
import io.drsorch.simulator.api.SigV4Region;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** Reading the members of admin request bodies, refusing wrong types with 400 naming the member. */
final class AdminFields {

  private AdminFields() {}

  static Optional<String> text(JsonNode body, String name) {
    JsonNode value = body.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new AdminError(400, name + " must be a string");
    }
    return Optional.of(value.asText());
  }

  static Optional<Double> number(JsonNode body, String name) {
    JsonNode value = body.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw new AdminError(400, name + " must be a number");
    }
    return Optional.of(value.asDouble());
  }

  /** A whole number of at least 1, for quotas. */
  static Optional<Integer> positiveInt(JsonNode body, String name) {
    Optional<Double> value = number(body, name);
    if (value.isPresent() && (value.get() != Math.rint(value.get()) || value.get() < 1)) {
      throw new AdminError(400, name + " must be a whole number >= 1, got " + value.get());
    }
    return value.map(Double::intValue);
  }

  /** Refuses a member the route does not know, so that a misspelt one is not silently ignored. */
  static void onlyKnown(JsonNode body, Set<String> known) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new AdminError(
            400,
            "unknown field '" + name + "'; this call takes " + known.stream().sorted().toList());
      }
    }
  }

  /** {@code accountId}: 12 digits, or the default account's id when missing. */
  static String accountId(JsonNode body, Accounts accounts) {
    String accountId = text(body, "accountId").orElse(accounts.defaultAccount().accountId());
    if (!accountId.equals(accounts.defaultAccount().accountId())
        && !Accounts.ACCOUNT_ID.matcher(accountId).matches()) {
      throw new AdminError(400, "accountId '" + accountId + "' must be 12 digits");
    }
    return accountId;
  }

  /** {@code region}: an AWS region name, us-east-1 when missing. */
  static String region(JsonNode body) {
    String region = text(body, "region").orElse(SigV4Region.DEFAULT_REGION);
    if (!IdFormats.isRegion(region)) {
      throw new AdminError(400, "region '" + region + "' is not an AWS region name");
    }
    return region;
  }

  static ObjectNode message(String text) {
    return JsonNodeFactory.instance.objectNode().put("message", text);
  }
}
