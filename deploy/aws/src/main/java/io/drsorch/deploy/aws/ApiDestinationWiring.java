package io.drsorch.deploy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.DescribeApiDestinationResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/** The API destination: the job-watcher's {@code /events/drs} endpoint, posted to with the key. */
final class ApiDestinationWiring {

  static final String RESOURCE = "api destination";
  static final String DESCRIPTION = "DRS orchestrator: the job-watcher's EventBridge endpoint";

  private final EventBridgeClient events;
  private final WiringOptions options;

  ApiDestinationWiring(EventBridgeClient events, WiringOptions options) {
    this.events = events;
    this.options = options;
  }

  Change ensure(String connectionArn) {
    String name = options.apiDestinationName();
    Optional<DescribeApiDestinationResponse> existing = describe(name);
    if (existing.isEmpty()) {
      String arn =
          events
              .createApiDestination(
                  r ->
                      r.name(name)
                          .description(DESCRIPTION)
                          .connectionArn(connectionArn)
                          .invocationEndpoint(options.invocationEndpoint())
                          .httpMethod(ApiDestinationHttpMethod.POST)
                          .invocationRateLimitPerSecond(options.invocationRateLimit()))
              .apiDestinationArn();
      return Change.created(RESOURCE, name, arn);
    }
    DescribeApiDestinationResponse current = existing.get();
    List<String> differences = differences(current, connectionArn);
    if (differences.isEmpty()) {
      return Change.unchanged(RESOURCE, name, current.apiDestinationArn());
    }
    String arn =
        events
            .updateApiDestination(
                r ->
                    r.name(name)
                        .description(DESCRIPTION)
                        .connectionArn(connectionArn)
                        .invocationEndpoint(options.invocationEndpoint())
                        .httpMethod(ApiDestinationHttpMethod.POST)
                        .invocationRateLimitPerSecond(options.invocationRateLimit()))
            .apiDestinationArn();
    return Change.updated(
        RESOURCE, name, arn == null ? current.apiDestinationArn() : arn, differences);
  }

  private Optional<DescribeApiDestinationResponse> describe(String name) {
    try {
      return Optional.of(events.describeApiDestination(r -> r.name(name)));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private List<String> differences(DescribeApiDestinationResponse current, String connectionArn) {
    List<String> differences = new ArrayList<>();
    // A connection deleted and made again has a new ARN; the destination must follow it.
    if (!connectionArn.equals(current.connectionArn())) {
      differences.add("connection");
    }
    if (!options.invocationEndpoint().equals(current.invocationEndpoint())) {
      differences.add("invocation endpoint");
    }
    if (current.httpMethod() != ApiDestinationHttpMethod.POST) {
      differences.add("http method " + current.httpMethodAsString());
    }
    if (!Objects.equals(options.invocationRateLimit(), current.invocationRateLimitPerSecond())) {
      differences.add("invocation rate limit");
    }
    if (!DESCRIPTION.equals(current.description())) {
      differences.add("description");
    }
    return differences;
  }
}
