package io.drsorch.simulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.drsorch.simulator.account.Accounts;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.faults.Faults;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the DRS API the way the rest-json protocol expects it: {@code POST /<Operation>} with a
 * JSON body, JSON answers, and errors typed by {@code x-amzn-ErrorType}. Counts calls and fires
 * injected faults before an operation does any work; each call works on the account and region of
 * the credentials it was signed with.
 */
public final class DrsApiHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DrsApiHandler.class);

  private final Map<String, Operation> operations;
  private final Accounts accounts;
  private final Faults faults;
  private final CallStats stats;

  public DrsApiHandler(List<Operation> operations, Accounts accounts, CallStats stats) {
    this.operations =
        operations.stream()
            .collect(Collectors.toUnmodifiableMap(Operation::name, Function.identity()));
    this.accounts = accounts;
    this.faults = accounts.faults();
    this.stats = stats;
  }

  /** The names of the operations served, so that faults can only name real ones. */
  public Set<String> operationNames() {
    return operations.keySet();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        serve(exchange);
      } catch (DrsError error) {
        stats.recordRefusal(operationOf(exchange), error.type());
        HttpJson.sendError(exchange, error);
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        HttpJson.sendError(exchange, DrsError.internal("Internal server error", 1));
      }
    }
  }

  /** The operation a request names by its path, as the stats count it. */
  private static String operationOf(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Operation operation = operations.get(operationOf(exchange));
    if (operation == null || !"POST".equals(exchange.getRequestMethod())) {
      exchange.getRequestBody().readAllBytes();
      throw DrsError.unknownOperation(exchange.getRequestMethod(), path);
    }
    stats.record(operation.name());
    Optional<JsonNode> body = HttpJson.readObject(exchange);
    Optional<DrsError> injected = faults.takeOperationFault(operation.name());
    if (injected.isPresent()) {
      throw injected.get();
    }
    if (body.isEmpty()) {
      throw DrsError.cannotParse("The request body is not a JSON object");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    DrsAccount account = accounts.ofAccessKey(SigV4AccessKey.of(authorization));
    String region = SigV4Region.of(authorization);
    JsonNode answer = operation.handle(account, region, body.get());
    if (answer.path("items").isArray()) {
      stats.recordItems(operation.name(), answer.path("items").size());
    }
    Optional<Duration> late = faults.takeAnswerDelay(operation.name());
    if (late.isPresent()) {
      // The work is done (a job started, say); only its answer is late, or never read.
      try {
        Thread.sleep(late.get().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    HttpJson.send(exchange, operation.successStatus(), answer);
  }
}
