package io.drsorch.watcher.drs;

import io.drsorch.schemas.runtime.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * One {@link DrsClient} per region, built on first use. Credentials always come from the AWS
 * default chain; the endpoint is AWS's own unless the setting {@code drs.endpoint} overrides it.
 *
 * <p>The SDK's automatic retries are off: StartRecovery has no idempotency token, so a retry after
 * a lost response could launch the same servers twice. Callers decide what to retry, and when.
 *
 * <p>The same class lives in drs-launcher and job-watcher (the services share no code but the
 * schemas): keep both copies identical.
 */
public final class DrsClients implements AutoCloseable {

  private final URI endpoint;
  private final Map<String, DrsClient> byRegion = new ConcurrentHashMap<>();

  /** {@code endpoint} null means the AWS default endpoint of each region. */
  public DrsClients(URI endpoint) {
    this.endpoint = endpoint;
  }

  public static DrsClients fromSettings() {
    String endpoint = Settings.get("drs.endpoint", null);
    return new DrsClients(endpoint == null ? null : URI.create(endpoint));
  }

  public DrsClient forRegion(String region) {
    return byRegion.computeIfAbsent(region, this::build);
  }

  private DrsClient build(String region) {
    var builder =
        DrsClient.builder()
            .region(Region.of(region))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30))
                    .build())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /**
   * Seconds DRS asked callers to wait before trying again (the {@code Retry-After} header of a
   * ThrottlingException or InternalServerException), rounded up; null when absent or not a number.
   */
  public static Integer retryAfterSeconds(AwsServiceException error) {
    if (error.awsErrorDetails() == null || error.awsErrorDetails().sdkHttpResponse() == null) {
      return null;
    }
    return error
        .awsErrorDetails()
        .sdkHttpResponse()
        .firstMatchingHeader("Retry-After")
        .map(DrsClients::seconds)
        .orElse(null);
  }

  private static Integer seconds(String header) {
    try {
      return (int) Math.ceil(Double.parseDouble(header.trim()));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: DRS sends seconds, so treat anything else as absent
    }
  }

  @Override
  public void close() {
    byRegion.values().forEach(DrsClient::close);
    byRegion.clear();
  }
}
