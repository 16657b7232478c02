package io.drsorch.deploy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The rule's target: the API destination, invoked with a role EventBridge assumes (it needs {@code
 * events:InvokeApiDestination} on the destination). Other targets on the rule are left alone.
 */
final class TargetWiring {

  static final String RESOURCE = "target";

  private final EventBridgeClient events;
  private final WiringOptions options;

  TargetWiring(EventBridgeClient events, WiringOptions options) {
    this.events = events;
    this.options = options;
  }

  Change ensure(String apiDestinationArn) {
    String label = options.targetId() + " of " + options.ruleName();
    Optional<Target> existing = find();
    if (existing.isPresent()) {
      List<String> differences = differences(existing.get(), apiDestinationArn);
      if (differences.isEmpty()) {
        return Change.unchanged(RESOURCE, label, null);
      }
      put(apiDestinationArn);
      return Change.updated(RESOURCE, label, null, differences);
    }
    put(apiDestinationArn);
    return Change.created(RESOURCE, label, null);
  }

  private void put(String apiDestinationArn) {
    // The whole event, untransformed: the job-watcher reads EventBridge's envelope.
    Target target =
        Target.builder()
            .id(options.targetId())
            .arn(apiDestinationArn)
            .roleArn(options.roleArn())
            .build();
    PutTargetsResponse response =
        events.putTargets(
            r -> r.rule(options.ruleName()).eventBusName(options.eventBus()).targets(target));
    // PutTargets answers 200 even when it refused the target: the refusal is in the entries.
    if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
      PutTargetsResultEntry failed = response.failedEntries().get(0);
      throw new WiringException(
          "PutTargets refused target "
              + failed.targetId()
              + ": "
              + failed.errorCode()
              + ": "
              + failed.errorMessage());
    }
  }

  private Optional<Target> find() {
    String nextToken = null;
    do {
      String token = nextToken;
      ListTargetsByRuleResponse page =
          events.listTargetsByRule(
              r -> r.rule(options.ruleName()).eventBusName(options.eventBus()).nextToken(token));
      Optional<Target> found =
          page.targets().stream().filter(t -> options.targetId().equals(t.id())).findFirst();
      if (found.isPresent()) {
        return found;
      }
      nextToken = page.nextToken();
    } while (nextToken != null);
    return Optional.empty();
  }

  private List<String> differences(Target current, String apiDestinationArn) {
    List<String> differences = new ArrayList<>();
    if (!apiDestinationArn.equals(current.arn())) {
      differences.add("api destination");
    }
    if (!options.roleArn().equals(current.roleArn())) {
      differences.add("role");
    }
    if (current.input() != null
        || current.inputPath() != null
        || current.inputTransformer() != null
        || current.httpParameters() != null) {
      differences.add("input or http parameters");
    }
    return differences;
  }
}
