package io.drsorch.deploy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;

/** The rule that picks DRS's per-server launch results off the event bus. */
final class RuleWiring {

  static final String RESOURCE = "rule";
  static final String DESCRIPTION = "DRS orchestrator: DRS launch results to the job-watcher";

  /** One event per source server, success or failure; DRS has no job-level event. */
  static final String EVENT_PATTERN =
      "{\"source\":[\"aws.drs\"],\"detail-type\":[\"DRS Source Server Launch Result\"]}";

  private final EventBridgeClient events;
  private final WiringOptions options;

  RuleWiring(EventBridgeClient events, WiringOptions options) {
    this.events = events;
    this.options = options;
  }

  Change ensure() {
    String name = options.ruleName();
    Optional<DescribeRuleResponse> existing = describe(name);
    if (existing.isPresent()) {
      List<String> differences = differences(existing.get());
      if (differences.isEmpty()) {
        return Change.unchanged(RESOURCE, name, existing.get().arn());
      }
      return Change.updated(RESOURCE, name, put(name), differences);
    }
    return Change.created(RESOURCE, name, put(name));
  }

  private String put(String name) {
    return events
        .putRule(
            r ->
                r.name(name)
                    .eventBusName(options.eventBus())
                    .description(DESCRIPTION)
                    .eventPattern(EVENT_PATTERN)
                    .state(RuleState.ENABLED))
        .ruleArn();
  }

  private Optional<DescribeRuleResponse> describe(String name) {
    try {
      return Optional.of(events.describeRule(r -> r.name(name).eventBusName(options.eventBus())));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private List<String> differences(DescribeRuleResponse current) {
    List<String> differences = new ArrayList<>();
    if (!samePattern(current.eventPattern())) {
      differences.add("event pattern");
    }
    if (current.state() != RuleState.ENABLED) {
      differences.add("state " + current.stateAsString());
    }
    if (!DESCRIPTION.equals(current.description())) {
      differences.add("description");
    }
    return differences;
  }

  /** Compared as JSON: EventBridge may hand the pattern back with other spacing or key order. */
  private static boolean samePattern(String pattern) {
    if (pattern == null) {
      return false;
    }
    try {
      return parse(EVENT_PATTERN).equals(parse(pattern));
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  private static JsonNode parse(String json) {
    return JsonNode.parser().parse(json);
  }
}
