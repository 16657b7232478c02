package io.drsorch.drsclient;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * One {@link DrsClient} per region and role, built on first use. Without a role, credentials come
 * from the AWS default chain (the service's own account); with one, from STS AssumeRole of that
 * role (cross-account recovery: the servers of a protection group live in another account),
 * refreshed by the SDK before they expire. Endpoints are AWS's own unless the settings {@code
 * drs.endpoint} and {@code sts.endpoint} override them.
 *
 * <p>The SDK's automatic retries are off for DRS: StartRecovery has no idempotency token, so a
 * retry after a lost response could launch the same servers twice. Callers decide what to retry,
 * and when. AssumeRole changes nothing, so the STS client keeps the SDK's retries.
 */
public final class DrsClients implements AutoCloseable {

  /** Where the DRS calls of one wave go: a region, and the role to assume there (or null). */
  public record Target(String region, String roleArn) {
    public Target {
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException("a DRS target needs a region");
      }
      roleArn = roleArn == null || roleArn.isBlank() ? null : roleArn;
    }

    /** "us-east-1", or "us-east-1 as arn:aws:iam::...:role/x" in logs. */
    @Override
    public String toString() {
      return roleArn == null ? region : region + " as " + roleArn;
    }
  }

  private final URI drsEndpoint;
  private final URI stsEndpoint;
  private final String sessionName;
  private final SdkHttpClient http;
  private final Map<Target, DrsClient> clients = new ConcurrentHashMap<>();
  private final Map<Target, AutoCloseable> roleSessions = new ConcurrentHashMap<>();

  /**
   * @param drsEndpoint null for the AWS endpoint of each region
   * @param stsEndpoint null for the AWS STS endpoint of each region
   * @param sessionName the role session name, which CloudTrail shows beside every call made with
   *     the role: the service's name
   */
  public DrsClients(URI drsEndpoint, URI stsEndpoint, String sessionName) {
    this.drsEndpoint = drsEndpoint;
    this.stsEndpoint = stsEndpoint;
    this.sessionName = sessionName;
    // One HTTP client for every region and role: connections are per host anyway.
    this.http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
  }

  /**
   * Makes one small call (DescribeJobs of at most one job) in {@code region}, so that the first
   * call that matters, the first launch of a disaster after months idle, does not pay for the SDK's
   * first use: class loading, endpoint rules, signing, credentials, the HTTP connection. Never
   * throws: the service starts anyway, and its real calls report what DRS answers.
   *
   * @return a line for the service's log saying how it went
   */
  public String warmUp(String region) {
    long start = System.nanoTime();
    try {
      forRegion(region).describeJobs(r -> r.maxResults(1));
      return "DRS client ready in "
          + region
          + " ("
          + Duration.ofNanos(System.nanoTime() - start).toMillis()
          + " ms for its first call)";
    } catch (SdkException e) {
      return "DRS in "
          + region
          + " did not answer the warm-up call ("
          + e.getMessage()
          + "): its first real call pays for the client's first use";
    }
  }

  /** The client of the service's own account in {@code region}. */
  public DrsClient forRegion(String region) {
    return forTarget(new Target(region, null));
  }

  /** The client of {@code region}, assuming {@code roleArn} when it is not null. */
  public DrsClient forTarget(String region, String roleArn) {
    return forTarget(new Target(region, roleArn));
  }

  public DrsClient forTarget(Target target) {
    return clients.computeIfAbsent(target, this::build);
  }

  private DrsClient build(Target target) {
    var builder =
        DrsClient.builder()
            .region(Region.of(target.region()))
            .credentialsProvider(credentials(target))
            .httpClient(http)
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(new DrsCallMetrics()));
    if (drsEndpoint != null) {
      builder.endpointOverride(drsEndpoint);
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentials(Target target) {
    if (target.roleArn() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    var sts =
        StsClient.builder()
            .region(Region.of(target.region()))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClient(http);
    if (stsEndpoint != null) {
      sts.endpointOverride(stsEndpoint);
    }
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
    List<AutoCloseable> toClose = new ArrayList<>(clients.values());
    toClose.addAll(roleSessions.values());
    clients.clear();
    roleSessions.clear();
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        // closing on the way out: nothing to do about it
      }
    }
    http.close();
  }
}
