package io.drsorch.simulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;

/** The real AWS SDK client, pointed at a simulator the way the services configure it. */
final class DrsClients {

  private DrsClients() {}

  /** Static credentials that the simulator did not issue: they reach its default account. */
  static final AwsCredentialsProvider DEFAULT_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  /** No SDK retries, so a test sees every error exactly as the simulator answered it. */
  static DrsClient withoutRetries(URI endpoint, String region) {
    return withoutRetries(endpoint, region, DEFAULT_CREDENTIALS);
  }

  static DrsClient withoutRetries(URI endpoint, String region, AwsCredentialsProvider credentials) {
    return DrsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static DrsClient withoutRetries(URI endpoint) {
    return withoutRetries(endpoint, "us-east-1");
  }
}
