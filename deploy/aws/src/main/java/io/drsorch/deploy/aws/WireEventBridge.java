package io.drsorch.deploy.aws;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/**
 * Wires DRS's launch-result events to the job-watcher in one account and region: an EventBridge
 * connection with the shared secret, an API destination at {@code <watcher-url>/events/drs}, a rule
 * for {@code aws.drs} launch results and its target. Idempotent; credentials from the AWS default
 * chain.
 *
 * <p>Exit codes: 0 done, 1 AWS refused or could not be reached, 2 bad command line.
 */
public final class WireEventBridge {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      usage: wire-eventbridge --region REGION --watcher-url URL --role-arn ARN
                              (--api-key KEY | --api-key-env NAME) [options]

      Creates or updates, idempotently, the EventBridge resources that push DRS launch results
      ("DRS Source Server Launch Result" events from aws.drs) to the job-watcher at
      POST <watcher-url>/events/drs. Credentials come from the AWS default credentials chain.

        --region REGION             AWS region the DRS source servers replicate to
        --watcher-url URL           the job-watcher's public base URL (https://...)
        --role-arn ARN              IAM role EventBridge assumes to call the API destination;
                                    trusts events.amazonaws.com and allows
                                    events:InvokeApiDestination on
                                    arn:aws:events:REGION:ACCOUNT:api-destination/PREFIX-job-watcher/*
        --api-key KEY               the shared secret the job-watcher expects (16 to 512 characters)
        --api-key-env NAME          read the shared secret from environment variable NAME instead
                                    (keeps it out of the process list and shell history)
        --api-key-header NAME       header that carries the secret (default: x-api-key)
        --name-prefix PREFIX        prefix of the resource names (default: drs-orchestrator)
        --event-bus NAME            event bus of the rule (default: default; DRS publishes there)
        --invocation-rate-limit N   API destination invocations per second (default: 300)
        --endpoint URL              EventBridge endpoint override (tests, VPC endpoints)
        --help                      this text

      Exit codes: 0 done, 1 AWS refused or could not be reached, 2 bad command line.
      """;

  private WireEventBridge() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()::get));
  }

  /**
   * Runs the command without exiting the JVM.
   *
   * @return the exit code
   */
  public static int run(
      String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      out.print(USAGE_TEXT);
      return OK;
    }
    WiringOptions options;
    try {
      options = WiringOptions.parse(arguments, env);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    try (EventBridgeClient events = client(options)) {
      out.println(
          "wiring DRS launch results to "
              + options.invocationEndpoint()
              + " in "
              + options.region()
              + " (event bus "
              + options.eventBus()
              + ")");
      for (Change change : new EventBridgeWiring(events, options).apply()) {
        out.println(change.describe());
      }
      return OK;
    } catch (AwsServiceException e) {
      err.println("error: " + oneLine(awsMessage(e)));
      return FAILED;
    } catch (SdkException | WiringException e) {
      err.println("error: " + oneLine(e.getMessage()));
      return FAILED;
    }
  }

  private static EventBridgeClient client(WiringOptions options) {
    EventBridgeClientBuilder builder =
        EventBridgeClient.builder()
            .region(Region.of(options.region()))
            .httpClient(UrlConnectionHttpClient.create());
    options.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static String awsMessage(AwsServiceException e) {
    var details = e.awsErrorDetails();
    if (details == null) {
      return e.getMessage();
    }
    return "%s %s: %s (HTTP %d, request id %s)"
        .formatted(
            details.serviceName(),
            details.errorCode(),
            details.errorMessage(),
            e.statusCode(),
            e.requestId());
  }

  private static String oneLine(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
