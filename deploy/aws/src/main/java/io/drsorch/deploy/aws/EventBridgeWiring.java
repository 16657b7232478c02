package io.drsorch.deploy.aws;

import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Brings the four EventBridge resources that push DRS launch results to the job-watcher to the
 * wanted state, in dependency order: connection, API destination, rule, target. Each is described
 * first and written only when it differs, so a second run with the same options writes nothing.
 */
public final class EventBridgeWiring {

  private final EventBridgeClient events;
  private final WiringOptions options;

  public EventBridgeWiring(EventBridgeClient events, WiringOptions options) {
    this.events = events;
    this.options = options;
  }

  /** What was created, updated or left alone, in the order it was done. */
  public List<Change> apply() {
    Change connection = new ConnectionWiring(events, options).ensure();
    Change destination = new ApiDestinationWiring(events, options).ensure(connection.arn());
    Change rule = new RuleWiring(events, options).ensure();
    Change target = new TargetWiring(events, options).ensure(destination.arn());
    return List.of(connection, destination, rule, target);
  }
}
