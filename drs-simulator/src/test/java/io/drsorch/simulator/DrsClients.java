package io.drsorch.simulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;

/** The real AWS SDK client, pointed at a simulator the way the services configure it. */
final class DrsClients {

  private DrsClients() {}

  /** No SDK retries, so a test sees every error exactly as the simulator answered it. */
  static DrsClient withoutRetries(URI endpoint, String region) {
    return DrsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static DrsClient withoutRetries(URI endpoint) {
    return withoutRetries(endpoint, "us-east-1");
  }
}
