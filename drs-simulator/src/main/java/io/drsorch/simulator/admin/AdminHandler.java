package io.drsorch.simulator.admin;

import static io.drsorch.simulator.admin.AdminFields.message;
import static io.drsorch.simulator.admin.AdminFields.number;
import static io.drsorch.simulator.admin.AdminFields.positiveInt;
import static io.drsorch.simulator.admin.AdminFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.drsorch.simulator.account.Accounts;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.account.JobRules;
import io.drsorch.simulator.account.Limits;
import io.drsorch.simulator.account.Timing;
import io.drsorch.simulator.api.CallStats;
import io.drsorch.simulator.api.HttpJson;
import io.drsorch.simulator.events.EventConfig;
import io.drsorch.simulator.events.EventCounts;
import io.drsorch.simulator.events.LaunchResultEvents;
import io.drsorch.simulator.servers.UnknownSourceServerException;
import io.drsorch.simulator.ssm.AutomationDocuments;
import io.drsorch.simulator.ssm.AutomationExecutions;
import io.drsorch.simulator.sts.DeniedRoles;
import io.drsorch.simulator.sts.RoleArn;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's own API under {@code /_sim/}: seeding source servers (in the default account or a
 * named one) and changing their replication and snapshots (see {@link SourceServersAdmin}), timing,
 * quotas, the snapshot interval and event pushing, injected faults, roles STS refuses, health with
 * the known accounts, call, refusal and event counts, and the simulated SSM automation's documents
 * and executions (see {@link SsmAdmin}). Errors answer {@code {"message": ...}}.
 */
public final class AdminHandler implements HttpHandler {

  /** Another name of {@code maxServersInActiveJobs}, the quota of servers in active jobs. */
  private static final String MAX_ACTIVE_SERVERS = "maxActiveServers";

  private final Accounts accounts;
  private final CallStats stats;
  private final LaunchResultEvents events;
  private final Set<String> operations;
  private final DeniedRoles deniedRoles;
  private final SourceServersAdmin sourceServers;
  private final SsmAdmin ssm;

  /** {@code PUT /_sim/source-servers/{id}} and {@code POST /_sim/source-servers/{id}/snapshots}. */
  private static final Pattern ONE_SOURCE_SERVER =
      Pattern.compile("(PUT|POST) /_sim/source-servers/([^/]+)(/snapshots)?/?");

  /** {@code PUT /_sim/ssm/documents/{name}}; a document name may itself hold slashes (an ARN). */
  private static final Pattern SSM_DOCUMENT = Pattern.compile("PUT /_sim/ssm/documents/(.+)");

  public AdminHandler(
      Accounts accounts,
      CallStats stats,
      LaunchResultEvents events,
      Set<String> operations,
      DeniedRoles deniedRoles,
      AutomationDocuments documents,
      AutomationExecutions executions) {
    this.accounts = accounts;
    this.stats = stats;
    this.events = events;
    this.operations = operations;
    this.deniedRoles = deniedRoles;
    this.sourceServers = new SourceServersAdmin(accounts);
    this.ssm = new SsmAdmin(documents, executions);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        HttpJson.send(exchange, 200, route(route, exchange));
      } catch (AdminError error) {
        HttpJson.send(exchange, error.status(), message(error.getMessage()));
      } catch (UnknownSourceServerException error) {
        HttpJson.send(exchange, 404, message(error.getMessage()));
      } catch (IllegalArgumentException error) {
        HttpJson.send(exchange, 400, message(error.getMessage()));
      }
    }
  }

  private JsonNode route(String route, HttpExchange exchange) throws IOException {
    Matcher server = ONE_SOURCE_SERVER.matcher(route);
    if (server.matches()) {
      String snapshots = server.group(3) == null ? "" : server.group(3);
      return switch (server.group(1) + snapshots) {
        case "PUT" -> sourceServers.change(server.group(2), body(exchange));
        case "POST/snapshots" -> sourceServers.replaceSnapshots(server.group(2), body(exchange));
        default -> throw new AdminError(404, "no admin route " + route);
      };
    }
    Matcher document = SSM_DOCUMENT.matcher(route);
    if (document.matches()) {
      return ssm.defineDocument(document.group(1), body(exchange));
    }
    return switch (route) {
      case "GET /_sim/health" -> health();
      case "POST /_sim/source-servers" -> sourceServers.add(body(exchange));
      case "GET /_sim/config" -> config();
      case "PUT /_sim/config" -> configure(body(exchange));
      case "POST /_sim/faults" -> addFault(body(exchange));
      case "DELETE /_sim/faults" -> {
        accounts.faults().clear();
        yield message("all faults cleared");
      }
      case "GET /_sim/sts/denied-roles" -> deniedRoles();
      case "POST /_sim/sts/denied-roles" -> denyRole(body(exchange));
      case "DELETE /_sim/sts/denied-roles" -> {
        deniedRoles.clear();
        yield deniedRoles();
      }
      case "GET /_sim/stats" -> stats();
      case "DELETE /_sim/stats" -> {
        stats.reset();
        yield stats();
      }
      case "GET /_sim/ssm/documents" -> ssm.documents();
      case "GET /_sim/ssm/executions" -> ssm.executions();
      case "GET /_sim/events" -> eventCounts();
      case "GET /_sim/events/targets" -> eventCountsByTarget();
      case "DELETE /_sim/events" -> {
        events.resetCounts();
        yield eventCounts();
      }
      default -> throw new AdminError(404, "no admin route " + route);
    };
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    return HttpJson.readObject(exchange)
        .orElseThrow(() -> new AdminError(400, "the request body must be a JSON object"));
  }

  /** The default account's id and every account known, the default first. */
  private JsonNode health() {
    ObjectNode answer = JsonNodeFactory.instance.objectNode().put("status", "UP");
    answer.put("defaultAccountId", accounts.defaultAccount().accountId());
    ArrayNode ids = answer.putArray("accounts");
    accounts.ids().forEach(ids::add);
    return answer;
  }

  /** The API key is not echoed: only whether one is set. */
  private JsonNode config() {
    Timing timing = accounts.rules().timing();
    Limits limits = accounts.rules().limits();
    EventConfig eventConfig = events.config();
    return JsonNodeFactory.instance
        .objectNode()
        .put("pendingSeconds", timing.pendingSeconds())
        .put("startedSeconds", timing.startedSeconds())
        .put("jitterSeconds", timing.jitterSeconds())
        .put("maxConcurrentJobs", limits.maxConcurrentJobs())
        .put("maxServersPerCall", limits.maxServersPerCall())
        .put("maxServersInActiveJobs", limits.maxServersInActiveJobs())
        .put(MAX_ACTIVE_SERVERS, limits.maxServersInActiveJobs())
        .put("snapshotIntervalSeconds", accounts.rules().snapshotInterval().toMillis() / 1000.0)
        .put("eventTargetUrl", eventConfig.targetUrlsText())
        .put("eventApiKeyHeader", eventConfig.apiKeyHeader())
        .put("eventApiKey", eventConfig.apiKey() == null ? null : "****")
        .put("eventLossRate", eventConfig.lossRate())
        .put("eventDuplicateRate", eventConfig.duplicateRate())
        .put("eventDelaySeconds", eventConfig.delaySeconds());
  }

  /** Sets what the body names and keeps the rest; everything is checked before anything changes. */
  private JsonNode configure(JsonNode body) {
    JobRules rules = accounts.rules();
    Timing current = rules.timing();
    Limits limits = rules.limits();
    Timing timing =
        Timing.ofSeconds(
            number(body, "pendingSeconds").orElse(current.pendingSeconds()),
            number(body, "startedSeconds").orElse(current.startedSeconds()),
            number(body, "jitterSeconds").orElse(current.jitterSeconds()));
    Limits newLimits =
        new Limits(
            positiveInt(body, "maxConcurrentJobs").orElse(limits.maxConcurrentJobs()),
            positiveInt(body, "maxServersPerCall").orElse(limits.maxServersPerCall()),
            maxServersInActiveJobs(body).orElse(limits.maxServersInActiveJobs()));
    Optional<Duration> snapshotInterval = snapshotInterval(body);
    EventConfig eventConfig = eventConfig(body, events.config());
    Optional<Long> seed = number(body, "eventSeed").map(Double::longValue);
    rules.setTiming(timing);
    rules.setLimits(newLimits);
    snapshotInterval.ifPresent(accounts::setSnapshotInterval);
    events.configure(eventConfig);
    seed.ifPresent(events::seed);
    return config();
  }

  /**
   * The quota of source servers across all active jobs, named {@code maxServersInActiveJobs} or,
   * equally, {@code maxActiveServers}; both at once must agree.
   */
  private static Optional<Integer> maxServersInActiveJobs(JsonNode body) {
    Optional<Integer> named = positiveInt(body, "maxServersInActiveJobs");
    Optional<Integer> alias = positiveInt(body, MAX_ACTIVE_SERVERS);
    if (named.isPresent() && alias.isPresent() && !named.equals(alias)) {
      throw new AdminError(
          400,
          "maxServersInActiveJobs ("
              + named.get()
              + ") and maxActiveServers ("
              + alias.get()
              + ") name the same quota and must agree");
    }
    return named.isPresent() ? named : alias;
  }

  /** Seconds between two snapshots of a replicating server, fractions allowed (milliseconds). */
  private static Optional<Duration> snapshotInterval(JsonNode body) {
    Optional<Double> seconds = number(body, "snapshotIntervalSeconds");
    if (seconds.isPresent() && !(seconds.get() >= 0.001 && seconds.get() <= Integer.MAX_VALUE)) {
      throw new AdminError(
          400,
          "snapshotIntervalSeconds must be at least 0.001 (a millisecond), got " + seconds.get());
    }
    return seconds.map(s -> Duration.ofMillis(Math.round(s * 1000)));
  }

  /**
   * An explicit null clears the targets or the key; a missing field keeps its value. {@code
   * eventTargetUrl} names one target, several separated by commas, or is an array of them.
   */
  private static EventConfig eventConfig(JsonNode body, EventConfig current) {
    EventConfig next = current;
    if (body.has("eventTargetUrl")) {
      next = next.withTargetUrls(targetUrls(body.path("eventTargetUrl")));
    }
    if (body.has("eventApiKey")) {
      next = next.withApiKey(text(body, "eventApiKey").orElse(null));
    }
    next = next.withApiKeyHeader(text(body, "eventApiKeyHeader").orElse(next.apiKeyHeader()));
    next = next.withLossRate(number(body, "eventLossRate").orElse(next.lossRate()));
    next = next.withDuplicateRate(number(body, "eventDuplicateRate").orElse(next.duplicateRate()));
    return next.withDelay(
        number(body, "eventDelaySeconds").map(EventConfig::delayOfSeconds).orElse(next.delay()));
  }

  private static List<URI> targetUrls(JsonNode value) {
    if (value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return EventConfig.parseTargetUrls(value.asText());
    }
    if (!value.isArray()) {
      throw new AdminError(400, "eventTargetUrl must be a string or an array of strings");
    }
    List<URI> urls = new ArrayList<>();
    for (JsonNode url : value) {
      if (!url.isTextual()) {
        throw new AdminError(400, "eventTargetUrl must be a string or an array of strings");
      }
      urls.add(EventConfig.parseTargetUrl(url.asText().strip()));
    }
    return urls;
  }

  /** The counts of every target together. */
  private JsonNode eventCounts() {
    return counts(JsonNodeFactory.instance.objectNode(), events.counts());
  }

  /** The counts of each target events were handed to, in the order they were first used. */
  private JsonNode eventCountsByTarget() {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    ArrayNode targets = answer.putArray("targets");
    events
        .countsByTarget()
        .forEach((url, counts) -> counts(targets.addObject().put("url", url.toString()), counts));
    return answer;
  }

  private static ObjectNode counts(ObjectNode node, EventCounts counts) {
    return node.put("sent", counts.sent())
        .put("dropped", counts.dropped())
        .put("duplicated", counts.duplicated())
        .put("failed", counts.failed());
  }

  private JsonNode addFault(JsonNode body) {
    Optional<String> server = text(body, "sourceServerID");
    if (server.isPresent()) {
      if (!Ids.SOURCE_SERVER_ID.matcher(server.get()).matches()) {
        throw new AdminError(
            400, "sourceServerID '" + server.get() + "' is not a source server id");
      }
      String status = text(body, "launchStatus").orElse("FAILED");
      if (!status.equals("FAILED")) {
        throw new AdminError(400, "launchStatus can only be FAILED, got " + status);
      }
      accounts.faults().failNextLaunch(server.get());
      return message("the next launch of " + server.get() + " fails");
    }
    String operation =
        text(body, "operation")
            .orElseThrow(() -> new AdminError(400, "name a sourceServerID or an operation"));
    if (!operations.contains(operation)) {
      throw new AdminError(400, "operation must be one of " + operations + ", got " + operation);
    }
    int times = number(body, "times").map(Double::intValue).orElse(1);
    if (times < 1) {
      throw new AdminError(400, "times must be at least 1");
    }
    Optional<Double> delayMs = number(body, "answerDelayMs");
    if (delayMs.isPresent()) {
      if (body.has("errorCode")) {
        throw new AdminError(400, "a fault is either an errorCode or an answerDelayMs, not both");
      }
      if (delayMs.get() < 1 || delayMs.get() > 60_000) {
        throw new AdminError(400, "answerDelayMs must be 1..60000, got " + delayMs.get());
      }
      accounts
          .faults()
          .delayNextAnswers(operation, Duration.ofMillis(delayMs.get().longValue()), times);
      return message(
          "the next "
              + times
              + " "
              + operation
              + " calls answer "
              + delayMs.get().longValue()
              + " ms late");
    }
    String errorCode = text(body, "errorCode").orElse("ThrottlingException");
    long retryAfter = number(body, "retryAfterSeconds").map(Double::longValue).orElse(1L);
    accounts
        .faults()
        .failNextCalls(operation, errorCode, times, text(body, "message").orElse(null), retryAfter);
    return message("the next " + times + " " + operation + " calls fail with " + errorCode);
  }

  /** AssumeRole of this role answers AccessDenied until the list is cleared. */
  private JsonNode denyRole(JsonNode body) {
    String arn =
        text(body, "roleArn").orElseThrow(() -> new AdminError(400, "roleArn is required"));
    RoleArn role =
        RoleArn.parse(arn)
            .orElseThrow(
                () ->
                    new AdminError(
                        400,
                        "roleArn '"
                            + arn
                            + "' must be arn:aws:iam::<12-digit account id>:role/<role name>"));
    deniedRoles.deny(role);
    return deniedRoles();
  }

  private JsonNode deniedRoles() {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    ArrayNode arns = answer.putArray("deniedRoles");
    deniedRoles.arns().forEach(arns::add);
    return answer;
  }

  private JsonNode stats() {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    ObjectNode calls = answer.putObject("calls");
    stats.snapshot().forEach(calls::put);
    ObjectNode refusals = answer.putObject("refusals");
    stats
        .refusals()
        .forEach(
            (operation, byType) -> {
              ObjectNode types = refusals.putObject(operation);
              byType.forEach(types::put);
            });
    ObjectNode items = answer.putObject("items");
    stats.items().forEach(items::put);
    return answer;
  }
}
