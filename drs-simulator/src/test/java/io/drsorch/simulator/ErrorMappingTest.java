package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static io.drsorch.simulator.ServerIds.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.AccessDeniedException;
import software.amazon.awssdk.services.drs.model.ConflictException;
import software.amazon.awssdk.services.drs.model.DrsException;
import software.amazon.awssdk.services.drs.model.InternalServerException;
import software.amazon.awssdk.services.drs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.drs.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;
import software.amazon.awssdk.services.drs.model.ThrottlingException;
import software.amazon.awssdk.services.drs.model.ValidationException;
import software.amazon.awssdk.services.drs.model.ValidationExceptionReason;

/** Every DRS error as the SDK surfaces it: type, status, members and headers. */
class ErrorMappingTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.addSourceServers("us-east-1", ids(1, 30));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private void launch(List<String> servers) {
    drs.startRecovery(
        r ->
            r.sourceServers(
                servers.stream()
                    .map(s -> StartRecoveryRequestSourceServer.builder().sourceServerID(s).build())
                    .toList()));
  }

  @Test
  void givenAServerInAnActiveJob_whenLaunchedAgain_thenConflictException409NamingIt() {
    // given
    launch(List.of(id(1)));

    // when
    ConflictException e =
        catchThrowableOfType(ConflictException.class, () -> launch(List.of(id(2), id(1))));

    // then
    assertThat(e.statusCode()).isEqualTo(409);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConflictException");
    assertThat(e.awsErrorDetails().errorMessage())
        .contains(id(1))
        .contains("currently being processed by a Job");
    assertThat(e.resourceId()).isEqualTo(id(1));
    assertThat(e.resourceType()).isEqualTo("SOURCE_SERVER");
  }

  @Test
  void givenTheConcurrentJobQuotaIsReached_whenLaunched_thenServiceQuotaExceeded402() {
    // given 20 active jobs
    for (int i = 1; i <= 20; i++) {
      launch(List.of(id(i)));
    }

    // when
    ServiceQuotaExceededException e =
        catchThrowableOfType(ServiceQuotaExceededException.class, () -> launch(List.of(id(21))));

    // then
    assertThat(e.statusCode()).isEqualTo(402);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceQuotaExceededException");
    assertThat(e.serviceCode()).isEqualTo("drs");
    assertThat(e.quotaCode()).isNotBlank();
    assertThat(e.resourceId()).isEqualTo("123456789012");
    assertThat(e.resourceType()).isEqualTo("JOB");
  }

  @Test
  void givenActiveJobsComplete_whenLaunched_thenTheQuotaIsFreeAgain() {
    // given
    for (int i = 1; i <= 20; i++) {
      launch(List.of(id(i)));
    }

    // when
    clock.advanceSeconds(5);
    launch(List.of(id(21)));

    // then
    assertThat(drs.describeJobs(r -> r.maxResults(1)).items().get(0).participatingServers())
        .extracting(s -> s.sourceServerID())
        .containsExactly(id(21));
  }

  @Test
  void givenMoreServersThanAllowed_whenLaunched_thenValidationExceptionFieldValidationFailed() {
    // given
    simulator.addSourceServers("us-east-1", ids(100, 201));

    // when
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> launch(ids(100, 201)));

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
    assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
    assertThat(e.fieldList())
        .singleElement()
        .satisfies(f -> assertThat(f.name()).isEqualTo("sourceServers"));
  }

  @Test
  void givenZeroServers_whenLaunched_thenValidationException() {
    // when
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> launch(List.of()));

    // then
    assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
    assertThat(e.fieldList().get(0).message()).contains("between 1 and 200");
  }

  @Test
  void givenADuplicateServer_whenLaunched_thenValidationExceptionNamingIt() {
    // when
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> launch(List.of(id(1), id(1))));

    // then
    assertThat(e.fieldList().get(0).name()).isEqualTo("sourceServers[1].sourceServerID");
    assertThat(e.fieldList().get(0).message()).contains(id(1));
  }

  @Test
  void givenAMalformedServerId_whenLaunched_thenValidationException() {
    // when
    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> launch(List.of("s-short")));

    // then
    assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
    assertThat(e.fieldList().get(0).name()).isEqualTo("sourceServers[0].sourceServerID");
  }

  @Test
  void givenASmallerServersPerCallLimit_whenLaunchedAboveIt_thenValidationException() {
    // given
    DrsSimulator small =
        DrsSimulator.start(
            new SimulatorSettings(
                "127.0.0.1",
                0,
                io.drsorch.simulator.account.Timing.ofSeconds(2, 3, 0),
                new io.drsorch.simulator.account.Limits(20, 2),
                "210987654321"),
            clock);
    small.addSourceServers("us-east-1", ids(1, 3));
    try (small;
        DrsClient client = DrsClients.withoutRetries(small.endpoint())) {
      // when
      ValidationException e =
          catchThrowableOfType(
              ValidationException.class,
              () ->
                  client.startRecovery(
                      r ->
                          r.sourceServers(
                              ids(1, 3).stream()
                                  .map(
                                      s ->
                                          StartRecoveryRequestSourceServer.builder()
                                              .sourceServerID(s)
                                              .build())
                                  .toList())));

      // then
      assertThat(e.fieldList().get(0).message()).contains("between 1 and 2");
    }
  }

  @Test
  void givenAnUnknownServer_whenLaunched_thenResourceNotFound404NamingIt() {
    // when
    ResourceNotFoundException e =
        catchThrowableOfType(ResourceNotFoundException.class, () -> launch(List.of(id(999))));

    // then
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(e.resourceId()).isEqualTo(id(999));
    assertThat(e.awsErrorDetails().errorMessage()).contains(id(999));
  }

  @Test
  void givenInjectedThrottling_whenCalled_thenThrottlingException429WithRetryAfter() {
    // given
    simulator.failNextCalls("StartRecovery", "ThrottlingException", 2, 3);

    // when
    ThrottlingException first =
        catchThrowableOfType(ThrottlingException.class, () -> launch(List.of(id(1))));
    ThrottlingException second =
        catchThrowableOfType(ThrottlingException.class, () -> launch(List.of(id(1))));
    launch(List.of(id(1)));

    // then
    for (ThrottlingException e : List.of(first, second)) {
      assertThat(e.statusCode()).isEqualTo(429);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
      assertThat(e.retryAfterSeconds()).isEqualTo("3");
      assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After"))
          .hasValue("3");
      assertThat(e.serviceCode()).isEqualTo("drs");
      assertThat(e.isThrottlingException()).isTrue();
    }
    assertThat(simulator.callCounts()).containsEntry("StartRecovery", 3L);
  }

  @Test
  void givenInjectedThrottling_whenTheSdkRetries_thenItSucceedsAfterTheFaultsAreUsedUp() {
    // given
    simulator.failNextCalls("DescribeJobs", "ThrottlingException", 1, 0);
    try (DrsClient retrying =
        DrsClient.builder()
            .endpointOverride(simulator.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "test", "test")))
            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
            .build()) {

      // when
      int items = retrying.describeJobs(r -> r.maxResults(10)).items().size();

      // then
      assertThat(items).isZero();
      assertThat(simulator.callCounts()).containsEntry("DescribeJobs", 2L);
    }
  }

  @Test
  void givenAnInjectedServerError_whenCalled_thenInternalServerException500WithRetryAfter() {
    // given
    simulator.failNextCalls("DescribeJobs", "InternalServerException", 1, 2);

    // when
    InternalServerException e =
        catchThrowableOfType(InternalServerException.class, () -> drs.describeJobs(r -> {}));

    // then
    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.retryAfterSeconds()).isEqualTo(2L);
    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After"))
        .hasValue("2");
  }

  @Test
  void givenInjectedConflictQuotaAndAccessDenied_whenCalled_thenEachIsItsSdkType() {
    // given
    simulator.failNextCalls("StartRecovery", "ConflictException", 1, 0);
    simulator.failNextCalls("StartRecovery", "ServiceQuotaExceededException", 1, 0);
    simulator.failNextCalls("DescribeRecoveryInstances", "AccessDeniedException", 1, 0);

    // when
    Throwable conflict = catchThrowableOfType(DrsException.class, () -> launch(List.of(id(1))));
    Throwable quota = catchThrowableOfType(DrsException.class, () -> launch(List.of(id(1))));
    Throwable denied =
        catchThrowableOfType(DrsException.class, () -> drs.describeRecoveryInstances(r -> {}));

    // then
    assertThat(conflict).isInstanceOf(ConflictException.class);
    assertThat(quota).isInstanceOf(ServiceQuotaExceededException.class);
    assertThat(denied).isInstanceOf(AccessDeniedException.class);
    assertThat(((DrsException) denied).statusCode()).isEqualTo(403);
  }

  @Test
  void givenAMalformedJobId_whenDescribingItsLog_thenValidationException() {
    // when
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> drs.describeJobLogItems(r -> r.jobID("drsjob-1")));

    // then
    assertThat(e.fieldList().get(0).name()).isEqualTo("jobID");
  }
}
