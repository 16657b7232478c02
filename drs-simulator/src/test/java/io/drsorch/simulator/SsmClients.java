package io.drsorch.simulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The real AWS SDK {@code SsmClient}, pointed at a simulator the way a service would be. */
final class SsmClients {

  private SsmClients() {}

  /** No SDK retries, so a test sees every error exactly as the simulator answered it. */
  static SsmClient withoutRetries(URI endpoint, String region, AwsCredentialsProvider credentials) {
    return SsmClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static SsmClient withoutRetries(URI endpoint) {
    return withoutRetries(endpoint, "us-east-1", DrsClients.DEFAULT_CREDENTIALS);
  }
}
