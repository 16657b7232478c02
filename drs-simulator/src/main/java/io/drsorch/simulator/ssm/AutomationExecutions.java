package io.drsorch.simulator.ssm;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Every automation execution started, in every account and region, and the client tokens they were
 * started with. One lock for all: the simulator serves few SSM calls, and a start must check its
 * token and record its execution in one step, or two retries racing each other would both start.
 */
public final class AutomationExecutions {

  private final Clock clock;
  private final AutomationDocuments documents;
  private final Map<String, AutomationExecution> byId = new LinkedHashMap<>();
  private final Map<TokenKey, AutomationExecution> byToken = new HashMap<>();

  /** A client token is scoped like everything else to its account and region. */
  private record TokenKey(String accountId, String region, String token) {}

  /**
   * What a start asks for.
   *
   * @param documentVersion as the request named it, empty when it named none
   * @param clientToken empty when the request carries none
   */
  public record StartRequest(
      String documentName,
      Optional<String> documentVersion,
      Map<String, List<String>> parameters,
      Optional<String> clientToken) {}

  public AutomationExecutions(Clock clock, AutomationDocuments documents) {
    this.clock = clock;
    this.documents = documents;
  }

  /** The current instant at millisecond precision, the precision every answer shows. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Starts an execution of the document version the request names, or answers the one its client
   * token already started: a retry of the same start starts nothing new. A token is case
   * insensitive, as SSM documents it.
   *
   * @throws SsmError IdempotentParameterMismatch when the token started another document, version
   *     or parameters; AutomationDefinition(Version)NotFoundException for an unknown document
   */
  public synchronized AutomationExecution start(SsmCaller caller, StartRequest request) {
    Optional<TokenKey> key =
        request
            .clientToken()
            .map(
                token ->
                    new TokenKey(
                        caller.accountId(), caller.region(), token.toLowerCase(Locale.ROOT)));
    if (key.isPresent() && byToken.containsKey(key.get())) {
      AutomationExecution earlier = byToken.get(key.get());
      if (!sameStart(earlier, request)) {
        throw SsmError.idempotentParameterMismatch(request.clientToken().get());
      }
      return earlier;
    }
    AutomationDocument document =
        documents.resolve(request.documentName(), request.documentVersion());
    AutomationExecution execution =
        new AutomationExecution(
            newId(),
            caller.accountId(),
            caller.region(),
            document,
            request.documentVersion().orElse(null),
            request.parameters(),
            request.clientToken().orElse(null),
            now());
    byId.put(execution.id(), execution);
    key.ifPresent(k -> byToken.put(k, execution));
    return execution;
  }

  /**
   * The version as the request named it, not as it resolved: a retry must match its first call even
   * if the document has changed in between.
   */
  private static boolean sameStart(AutomationExecution earlier, StartRequest request) {
    return earlier.document().name().equals(request.documentName())
        && Objects.equals(earlier.requestedVersion(), request.documentVersion().orElse(null))
        && earlier.parameters().equals(request.parameters());
  }

  private String newId() {
    String id = UUID.randomUUID().toString();
    while (byId.containsKey(id)) {
      id = UUID.randomUUID().toString();
    }
    return id;
  }

  /**
   * The caller's execution with this id.
   *
   * @throws SsmError AutomationExecutionNotFoundException when the caller's account and region have
   *     none
   */
  public synchronized AutomationExecution get(SsmCaller caller, String executionId) {
    AutomationExecution execution = byId.get(executionId);
    if (execution == null
        || !execution.accountId().equals(caller.accountId())
        || !execution.region().equals(caller.region())) {
      throw SsmError.executionNotFound(executionId);
    }
    return execution;
  }

  /** Cancels the caller's execution if it still runs; answers whether it did. */
  public synchronized boolean stop(SsmCaller caller, String executionId) {
    return get(caller, executionId).stop(now());
  }

  /** Every execution started, oldest first. */
  public synchronized List<AutomationExecution> all() {
    return List.copyOf(byId.values());
  }
}
