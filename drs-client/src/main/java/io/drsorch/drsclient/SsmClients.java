package io.drsorch.drsclient;

import java.net.URI;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One {@link SsmClient} per region and role, built on first use, reaching AWS as the service's
 * {@link DrsClients} do: through the same {@link AwsAccess} (its own account, or a role assumed
 * through STS), every call counted ({@code drsorch_ssm_calls_total}, {@code
 * drsorch_ssm_call_seconds}). The endpoint is AWS's own unless the setting {@code ssm.endpoint}
 * overrides it.
 *
 * <p>The SDK's automatic retries are off here too, so that each caller's own retries (and their
 * count in the metrics) are all there is: StartAutomationExecution is safe to repeat only because
 * the launcher sends a client token derived from its command.
 */
public final class SsmClients implements AutoCloseable {

  private final AwsAccess access;
  private final boolean ownsAccess;
  private final ClientsByTarget<SsmClient> clients;

  /**
   * SSM clients with an access of their own, closed with them.
   *
   * @param ssmEndpoint null for the AWS endpoint of each region
   * @param stsEndpoint null for the AWS STS endpoint of each region
   * @param sessionName the role session name: the service's name
   */
  public SsmClients(URI ssmEndpoint, URI stsEndpoint, String sessionName) {
    this(ssmEndpoint, new AwsAccess(stsEndpoint, sessionName), true);
  }

  /**
   * SSM clients sharing {@code access} (its role sessions and HTTP client) with the service's DRS
   * clients; whoever made the access closes it.
   *
   * @param ssmEndpoint null for the AWS endpoint of each region
   */
  public SsmClients(URI ssmEndpoint, AwsAccess access) {
    this(ssmEndpoint, access, false);
  }

  private SsmClients(URI ssmEndpoint, AwsAccess access, boolean ownsAccess) {
    this.access = access;
    this.ownsAccess = ownsAccess;
    CallMetrics metrics = new CallMetrics(CallMetrics.SSM);
    this.clients =
        new ClientsByTarget<>(
            target -> access.build(SsmClient.builder(), target, ssmEndpoint, metrics));
  }

  /** The client of {@code region}, assuming {@code roleArn} when it is not null. */
  public SsmClient forTarget(String region, String roleArn) {
    return forTarget(new Target(region, roleArn));
  }

  public SsmClient forTarget(Target target) {
    return clients.of(target);
  }

  @Override
  public void close() {
    clients.close();
    if (ownsAccess) {
      access.close();
    }
  }
}
