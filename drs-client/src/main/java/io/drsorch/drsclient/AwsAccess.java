package io.drsorch.drsclient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * How the services reach AWS in an account and region, whatever the service called: one HTTP
 * client, and the credentials of each {@link Target}. Without a role, credentials come from the AWS
 * default chain (the service's own account); with one, from STS AssumeRole of that role
 * (cross-account recovery: the servers of a protection group live in another account), refreshed by
 * the SDK before they expire. The STS endpoint is AWS's own unless {@code sts.endpoint} overrides
 * it.
 *
 * <p>{@link DrsClients} and {@link SsmClients} built on one access share its role sessions: the DRS
 * and SSM calls of a wave in another account cost one AssumeRole, not one per service.
 */
public final class AwsAccess implements AutoCloseable {

  private final URI stsEndpoint;
  private final String sessionName;
  private final SdkHttpClient http;
  private final DefaultCredentialsProvider ownAccount;
  private final Map<Target, AwsCredentialsProvider> credentials = new ConcurrentHashMap<>();
  private final Map<Target, AutoCloseable> roleSessions = new ConcurrentHashMap<>();

  /**
   * @param stsEndpoint null for the AWS STS endpoint of each region
   * @param sessionName the role session name, which CloudTrail shows beside every call made with
   *     the role: the service's name
   */
  public AwsAccess(URI stsEndpoint, String sessionName) {
    this.stsEndpoint = stsEndpoint;
    this.sessionName = sessionName;
    // One HTTP client for every service, region and role: connections are per host anyway.
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
    this.ownAccount = DefaultCredentialsProvider.builder().build();
  }

  /**
   * Builds a client of {@code target} from a service's builder: its region, the target's
   * credentials, the shared HTTP client, {@code endpoint} when not null, and every call counted by
   * {@code metrics}. The SDK's automatic retries are off: callers decide what to retry, and when
   * (DRS's StartRecovery has no idempotency token, so a blind retry after a lost answer could
   * launch the same servers twice).
   */
  <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C build(
      B builder, Target target, URI endpoint, CallMetrics metrics) {
    builder
        .region(Region.of(target.region()))
        .credentialsProvider(credentials(target))
        .httpClient(http)
        .overrideConfiguration(
            c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(metrics));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentials(Target target) {
    if (target.roleArn() == null) {
      return ownAccount;
    }
    return credentials.computeIfAbsent(target, this::assumedRole);
  }

  private AwsCredentialsProvider assumedRole(Target target) {
    var sts =
        StsClient.builder()
            .region(Region.of(target.region()))
            .credentialsProvider(ownAccount)
            .httpClient(http);
    if (stsEndpoint != null) {
      sts.endpointOverride(stsEndpoint);
    }
    // AssumeRole changes nothing, so the STS client keeps the SDK's retries.
    StsClient client = sts.build();
    StsAssumeRoleCredentialsProvider provider =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(client)
            .refreshRequest(r -> r.roleArn(target.roleArn()).roleSessionName(sessionName))
            .build();
    roleSessions.put(
        target,
        () -> {
          provider.close();
          client.close();
        });
    return provider;
  }

  @Override
  public void close() {
    List<AutoCloseable> toClose = new ArrayList<>(roleSessions.values());
    roleSessions.clear();
    credentials.clear();
    for (AutoCloseable c : toClose) {
      Closing.quietly(c);
    }
    ownAccount.close();
    http.close();
  }
}
