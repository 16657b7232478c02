package io.drsorch.simulator;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The real SDK's {@code StsClient} and {@code StsAssumeRoleCredentialsProvider}, pointed at a
 * simulator the way the orchestrator configures them for cross-account recovery: {@code
 * endpointOverride(simulator + "/sts")}.
 */
final class StsClients {

  /** The account roles are assumed in, other than the simulator's default 123456789012. */
  static final String OTHER_ACCOUNT = "111122223333";

  static final String ROLE_ARN = "arn:aws:iam::111122223333:role/drs-orchestrator";

  private StsClients() {}

  /** On the default credentials, without retries so a test sees each error as answered. */
  static StsClient withoutRetries(DrsSimulator simulator) {
    return withoutRetries(simulator, DrsClients.DEFAULT_CREDENTIALS);
  }

  static StsClient withoutRetries(DrsSimulator simulator, AwsCredentialsProvider credentials) {
    return StsClient.builder()
        .endpointOverride(simulator.stsEndpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /**
   * A {@code DrsClient} on the credentials of {@code roleArn}, which the SDK assumes (and would
   * refresh) with an {@code StsClient} of its own on the default credentials.
   */
  static AssumedRole assumingRole(DrsSimulator simulator, String roleArn, String sessionName) {
    StsClient sts = withoutRetries(simulator);
    StsAssumeRoleCredentialsProvider credentials =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(sessionName))
            .build();
    DrsClient drs = DrsClients.withoutRetries(simulator.endpoint(), "us-east-1", credentials);
    return new AssumedRole(sts, credentials, drs);
  }

  /** A DRS client on assumed-role credentials, with what it needs closed along with it. */
  record AssumedRole(StsClient sts, StsAssumeRoleCredentialsProvider credentials, DrsClient drs)
      implements AutoCloseable {

    @Override
    public void close() {
      drs.close();
      credentials.close();
      sts.close();
    }
  }
}
