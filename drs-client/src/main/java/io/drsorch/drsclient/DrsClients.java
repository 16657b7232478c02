package io.drsorch.drsclient;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * One {@link DrsClient} per region and role, built on first use, with the credentials and HTTP
 * client of an {@link AwsAccess}: without a role the service's own account, with one the role
 * assumed through STS. Endpoints are AWS's own unless the settings {@code drs.endpoint} and {@code
 * sts.endpoint} override them.
 *
 * <p>The SDK's automatic retries are off for DRS: StartRecovery has no idempotency token, so a
 * retry after a lost response could launch the same servers twice. Callers decide what to retry,
 * and when.
 */
public final class DrsClients implements AutoCloseable {

  private final AwsAccess access;
  private final boolean ownsAccess;
  private final ClientsByTarget<DrsClient> clients;

  /**
   * DRS clients with an access of their own, closed with them.
   *
   * @param drsEndpoint null for the AWS endpoint of each region
   * @param stsEndpoint null for the AWS STS endpoint of each region
   * @param sessionName the role session name, which CloudTrail shows beside every call made with
   *     the role: the service's name
   */
  public DrsClients(URI drsEndpoint, URI stsEndpoint, String sessionName) {
    this(drsEndpoint, new AwsAccess(stsEndpoint, sessionName), true);
  }

  /**
   * DRS clients sharing {@code access} (its role sessions and HTTP client) with other services'
   * clients; whoever made the access closes it.
   *
   * @param drsEndpoint null for the AWS endpoint of each region
   */
  public DrsClients(URI drsEndpoint, AwsAccess access) {
    this(drsEndpoint, access, false);
  }

  private DrsClients(URI drsEndpoint, AwsAccess access, boolean ownsAccess) {
    this.access = access;
    this.ownsAccess = ownsAccess;
    CallMetrics metrics = new CallMetrics(CallMetrics.DRS);
    this.clients =
        new ClientsByTarget<>(
            target -> access.build(DrsClient.builder(), target, drsEndpoint, metrics));
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
    return clients.of(target);
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
    clients.close();
    if (ownsAccess) {
      access.close();
    }
  }
}
