package io.drsorch.deploy.aws;

import io.drsorch.schemas.limits.IdFormats;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What {@link WireEventBridge} was asked to wire, checked before any AWS call so that a typo never
 * reaches EventBridge as a half-made set of resources.
 *
 * @param region the AWS region of the account's default event bus that DRS publishes to
 * @param watcherUrl the job-watcher's public base URL (HTTPS, as EventBridge requires), without a
 *     trailing slash
 * @param apiKey the shared secret EventBridge sends in {@code apiKeyHeader}
 * @param apiKeyHeader the header the job-watcher reads the secret from
 * @param namePrefix prefix of every resource name, so two installations can share an account
 * @param roleArn the IAM role EventBridge assumes to invoke the API destination
 * @param eventBus the event bus the rule lives on (DRS publishes to {@code default})
 * @param invocationRateLimit invocations per second EventBridge allows itself on the destination
 * @param endpoint an EventBridge endpoint override; empty means the regional AWS endpoint
 */
public record WiringOptions(
    String region,
    String watcherUrl,
    String apiKey,
    String apiKeyHeader,
    String namePrefix,
    String roleArn,
    String eventBus,
    int invocationRateLimit,
    Optional<URI> endpoint) {

  public static final String DEFAULT_NAME_PREFIX = "drs-orchestrator";
  public static final String DEFAULT_API_KEY_HEADER = "x-api-key";
  public static final String DEFAULT_EVENT_BUS = "default";
  public static final int DEFAULT_INVOCATION_RATE_LIMIT = 300;

  /** The path the job-watcher accepts EventBridge deliveries on. */
  public static final String EVENTS_PATH = "/events/drs";

  /** Short enough that the longest derived name stays within EventBridge's 64 characters. */
  private static final int MAX_PREFIX_LENGTH = 40;

  /**
   * A random key of at least this length keeps the fingerprint stored in the connection's
   * description useless to anyone who can read it.
   */
  static final int MIN_API_KEY_LENGTH = 16;

  private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]+");
  // EventBridge refuses control characters and colons in header names and values.
  private static final Pattern HEADER_SAFE = Pattern.compile("[^\\x00-\\x1F:\\x7F]+");

  private static final Set<String> VALUED =
      Set.of(
          "--region",
          "--watcher-url",
          "--api-key",
          "--api-key-env",
          "--api-key-header",
          "--name-prefix",
          "--role-arn",
          "--event-bus",
          "--invocation-rate-limit",
          "--endpoint");

  /** Never prints the API key. */
  @Override
  public String toString() {
    return "WiringOptions[region=%s, watcherUrl=%s, apiKeyHeader=%s, namePrefix=%s, roleArn=%s, eventBus=%s, invocationRateLimit=%d, endpoint=%s]"
        .formatted(
            region,
            watcherUrl,
            apiKeyHeader,
            namePrefix,
            roleArn,
            eventBus,
            invocationRateLimit,
            endpoint.map(URI::toString).orElse("AWS"));
  }

  /** Name of the EventBridge connection holding the API key. */
  public String connectionName() {
    return namePrefix + "-job-watcher";
  }

  /** Name of the API destination pointing at the job-watcher. */
  public String apiDestinationName() {
    return namePrefix + "-job-watcher";
  }

  /** Name of the rule matching DRS launch results. */
  public String ruleName() {
    return namePrefix + "-drs-launch-results";
  }

  /** Id of the rule's target; fixed so that a second run finds the target it made. */
  public String targetId() {
    return "job-watcher";
  }

  /** Where EventBridge posts each event. */
  public String invocationEndpoint() {
    return watcherUrl + EVENTS_PATH;
  }

  /**
   * Reads {@code --name value} and {@code --name=value} options.
   *
   * @param env environment lookup for {@code --api-key-env}
   * @throws UsageException when an option is unknown, missing or malformed
   */
  public static WiringOptions parse(List<String> args, Function<String, String> env) {
    Map<String, String> given = readPairs(args);
    String region = required(given, "--region");
    if (!IdFormats.isRegion(region)) {
      throw new UsageException("--region: not an AWS region: " + region);
    }
    String apiKeyHeader = given.getOrDefault("--api-key-header", DEFAULT_API_KEY_HEADER);
    if (apiKeyHeader.isBlank() || !HEADER_SAFE.matcher(apiKeyHeader).matches()) {
      throw new UsageException("--api-key-header: not a valid HTTP header name: " + apiKeyHeader);
    }
    String namePrefix = given.getOrDefault("--name-prefix", DEFAULT_NAME_PREFIX);
    if (!NAME.matcher(namePrefix).matches() || namePrefix.length() > MAX_PREFIX_LENGTH) {
      throw new UsageException(
          "--name-prefix: up to "
              + MAX_PREFIX_LENGTH
              + " letters, digits, '.', '-' or '_': "
              + namePrefix);
    }
    String roleArn = required(given, "--role-arn");
    if (IdFormats.accountOfRoleArn(roleArn) == null) {
      throw new UsageException("--role-arn: not an IAM role ARN: " + roleArn);
    }
    String eventBus = given.getOrDefault("--event-bus", DEFAULT_EVENT_BUS);
    if (eventBus.isBlank()) {
      throw new UsageException("--event-bus: empty");
    }
    return new WiringOptions(
        region,
        watcherUrl(required(given, "--watcher-url")),
        apiKey(given, env),
        apiKeyHeader,
        namePrefix,
        roleArn,
        eventBus,
        rateLimit(given.get("--invocation-rate-limit")),
        Optional.ofNullable(given.get("--endpoint")).map(WiringOptions::endpoint));
  }

  private static Map<String, String> readPairs(List<String> args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      } else if (VALUED.contains(arg)) {
        if (i + 1 >= args.size()) {
          throw new UsageException(arg + ": missing value");
        }
        value = args.get(++i);
      } else {
        throw new UsageException("unknown argument: " + arg);
      }
      if (!VALUED.contains(name)) {
        throw new UsageException("unknown option: " + name);
      }
      if (given.put(name, value) != null) {
        throw new UsageException(name + ": given twice");
      }
    }
    return given;
  }

  private static String required(Map<String, String> given, String name) {
    String value = given.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("missing option " + name);
    }
    return value;
  }

  private static String watcherUrl(String raw) {
    URI uri;
    try {
      uri = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--watcher-url: not a URL: " + raw);
    }
    // API destinations only post to public HTTPS endpoints.
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new UsageException("--watcher-url: must be an https:// URL: " + raw);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new UsageException("--watcher-url: no query or fragment, the base URL only: " + raw);
    }
    String url = raw;
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  private static String apiKey(Map<String, String> given, Function<String, String> env) {
    String direct = given.get("--api-key");
    String variable = given.get("--api-key-env");
    if (direct != null && variable != null) {
      throw new UsageException("give --api-key or --api-key-env, not both");
    }
    if (direct == null && variable == null) {
      throw new UsageException("missing option --api-key or --api-key-env");
    }
    String key = direct;
    if (variable != null) {
      key = env.apply(variable);
      if (key == null || key.isEmpty()) {
        throw new UsageException("--api-key-env: environment variable " + variable + " is not set");
      }
    }
    if (key.length() < MIN_API_KEY_LENGTH || key.length() > 512) {
      throw new UsageException(
          "the API key must be "
              + MIN_API_KEY_LENGTH
              + " to 512 characters (a random one: openssl rand -hex 32)");
    }
    if (!HEADER_SAFE.matcher(key).matches()) {
      throw new UsageException("the API key must not contain control characters or ':'");
    }
    return key;
  }

  private static int rateLimit(String raw) {
    if (raw == null) {
      return DEFAULT_INVOCATION_RATE_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--invocation-rate-limit: a positive whole number: " + raw);
  }

  private static URI endpoint(String raw) {
    try {
      URI uri = URI.create(raw);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new UsageException("--endpoint: not a URL: " + raw);
  }
}
