package io.drsorch.deploy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ConnectionApiKeyAuthResponseParameters;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthResponseParameters;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.ConnectionState;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionApiKeyAuthRequestParameters;
import software.amazon.awssdk.services.eventbridge.model.CreateConnectionAuthRequestParameters;
import software.amazon.awssdk.services.eventbridge.model.DescribeConnectionResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.UpdateConnectionApiKeyAuthRequestParameters;
import software.amazon.awssdk.services.eventbridge.model.UpdateConnectionAuthRequestParameters;

/**
 * The EventBridge connection that carries the job-watcher's shared secret as an API-key header.
 * EventBridge keeps the secret in Secrets Manager and never returns it; whether it changed is read
 * from the key's fingerprint in the description (see {@link ApiKeyFingerprint}).
 */
final class ConnectionWiring {

  static final String RESOURCE = "connection";

  private final EventBridgeClient events;
  private final WiringOptions options;

  ConnectionWiring(EventBridgeClient events, WiringOptions options) {
    this.events = events;
    this.options = options;
  }

  /** The description a connection made for these options carries. */
  String wantedDescription() {
    return "DRS orchestrator: API key for the job-watcher's EventBridge endpoint (key "
        + ApiKeyFingerprint.of(options.apiKey())
        + ")";
  }

  Change ensure() {
    String name = options.connectionName();
    Optional<DescribeConnectionResponse> existing = describe(name);
    if (existing.isEmpty()) {
      String arn =
          events
              .createConnection(
                  r ->
                      r.name(name)
                          .description(wantedDescription())
                          .authorizationType(ConnectionAuthorizationType.API_KEY)
                          .authParameters(
                              CreateConnectionAuthRequestParameters.builder()
                                  .apiKeyAuthParameters(
                                      CreateConnectionApiKeyAuthRequestParameters.builder()
                                          .apiKeyName(options.apiKeyHeader())
                                          .apiKeyValue(options.apiKey())
                                          .build())
                                  .build()))
              .connectionArn();
      return Change.created(RESOURCE, name, arn);
    }
    DescribeConnectionResponse current = existing.get();
    List<String> differences = differences(current);
    if (differences.isEmpty()) {
      return Change.unchanged(RESOURCE, name, current.connectionArn());
    }
    // An update with the full API-key parameters rewrites the secret and re-authorizes.
    events.updateConnection(
        r ->
            r.name(name)
                .description(wantedDescription())
                .authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(
                    UpdateConnectionAuthRequestParameters.builder()
                        .apiKeyAuthParameters(
                            UpdateConnectionApiKeyAuthRequestParameters.builder()
                                .apiKeyName(options.apiKeyHeader())
                                .apiKeyValue(options.apiKey())
                                .build())
                        .build()));
    return Change.updated(RESOURCE, name, current.connectionArn(), differences);
  }

  private Optional<DescribeConnectionResponse> describe(String name) {
    try {
      return Optional.of(events.describeConnection(r -> r.name(name)));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private List<String> differences(DescribeConnectionResponse current) {
    List<String> differences = new ArrayList<>();
    if (current.authorizationType() != ConnectionAuthorizationType.API_KEY) {
      differences.add("authorization type " + current.authorizationTypeAsString());
    }
    String header =
        Optional.ofNullable(current.authParameters())
            .map(ConnectionAuthResponseParameters::apiKeyAuthParameters)
            .map(ConnectionApiKeyAuthResponseParameters::apiKeyName)
            .orElse(null);
    if (!options.apiKeyHeader().equals(header)) {
      differences.add("api key header");
    }
    if (!wantedDescription().equals(current.description())) {
      differences.add("api key");
    }
    // A deleted or unreadable secret leaves the connection deauthorized: writing it again heals it.
    if (current.connectionState() == ConnectionState.DEAUTHORIZED) {
      differences.add("state " + current.connectionStateAsString());
    }
    return differences;
  }
}
