package io.drsorch.drsclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.drsorch.simulator.DrsSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.ThrottlingException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AutomationDefinitionNotFoundException;

class DrsCallMetricsTest {

  private DrsSimulator simulator;
  private DrsClient drs;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0);
    drs =
        DrsClient.builder()
            .endpointOverride(simulator.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                c ->
                    c.retryPolicy(RetryPolicy.none())
                        .addExecutionInterceptor(new CallMetrics(CallMetrics.DRS, registry)))
            .build();
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  @Test
  void givenCallsThatSucceedOrAreRefused_thenEachIsCountedByOperationAndOutcome_andTimed() {
    // given
    simulator.failNextCalls("DescribeJobs", "ThrottlingException", 1, 1);

    // when
    Throwable refused = catchThrowable(() -> drs.describeJobs(r -> {}));
    drs.describeJobs(r -> {});
    drs.describeJobs(r -> {});
    drs.describeSourceServers(r -> {});

    // then
    assertThat(refused).isInstanceOf(ThrottlingException.class);
    assertThat(count("DescribeJobs", "ThrottlingException")).isEqualTo(1);
    assertThat(count("DescribeJobs", "ok")).isEqualTo(2);
    assertThat(count("DescribeSourceServers", "ok")).isEqualTo(1);
    assertThat(registry.get("drsorch.drs.call").tag("operation", "DescribeJobs").timer().count())
        .isEqualTo(3);
  }

  @Test
  void givenNoAnswer_thenCountedAsNetworkError() {
    // given: nothing listens there any more
    URI gone = simulator.endpoint();
    simulator.close();

    // when
    Throwable failed = catchThrowable(() -> drs.describeJobs(r -> {}));

    // then
    assertThat(failed).isNotNull();
    assertThat(count("DescribeJobs", "NetworkError")).as("at %s", gone).isEqualTo(1);
    simulator = DrsSimulator.start("127.0.0.1", 0);
  }

  @Test
  void givenSsmCalls_thenCountedAsSsmsNotDrss() {
    // given an SSM client counted as the service's SsmClients count theirs
    try (SsmClient ssm =
        SsmClient.builder()
            .endpointOverride(simulator.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(
                c ->
                    c.retryPolicy(RetryPolicy.none())
                        .addExecutionInterceptor(new CallMetrics(CallMetrics.SSM, registry)))
            .build()) {

      // when
      Throwable refused =
          catchThrowable(
              () -> ssm.startAutomationExecution(r -> r.documentName("No-Such-Document")));

      // then
      assertThat(refused).isInstanceOf(AutomationDefinitionNotFoundException.class);
      assertThat(
              registry
                  .get("drsorch.ssm.calls")
                  .tag("operation", "StartAutomationExecution")
                  .tag("outcome", "AutomationDefinitionNotFoundException")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(registry.find("drsorch.drs.calls").counters()).isEmpty();
    }
  }

  private double count(String operation, String outcome) {
    var counter =
        registry.find("drsorch.drs.calls").tag("operation", operation).tag("outcome", outcome);
    return counter.counter() == null ? 0 : counter.counter().count();
  }
}
