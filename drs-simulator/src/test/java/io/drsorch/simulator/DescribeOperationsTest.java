package io.drsorch.simulator;

import static io.drsorch.simulator.ServerIds.id;
import static io.drsorch.simulator.ServerIds.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeJobsRequestFilters;
import software.amazon.awssdk.services.drs.model.DescribeJobsResponse;
import software.amazon.awssdk.services.drs.model.DescribeSourceServersRequestFilters;
import software.amazon.awssdk.services.drs.model.Job;
import software.amazon.awssdk.services.drs.model.JobLog;
import software.amazon.awssdk.services.drs.model.JobLogEvent;
import software.amazon.awssdk.services.drs.model.LastLaunchResult;
import software.amazon.awssdk.services.drs.model.LastLaunchType;
import software.amazon.awssdk.services.drs.model.ReplicationDirection;
import software.amazon.awssdk.services.drs.model.SourceServer;
import software.amazon.awssdk.services.drs.model.StartRecoveryRequestSourceServer;
import software.amazon.awssdk.services.drs.model.ValidationException;

/** DescribeJobs, DescribeJobLogItems and DescribeSourceServers through the real DrsClient. */
class DescribeOperationsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private DrsSimulator simulator;
  private DrsClient drs;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0, clock);
    simulator.configure(2, 4, 0);
    simulator.addSourceServers("us-east-1", ids(1, 10));
    drs = DrsClients.withoutRetries(simulator.endpoint());
  }

  @AfterEach
  void stop() {
    drs.close();
    simulator.close();
  }

  private String launch(boolean drill, String... servers) {
    String jobId =
        drs.startRecovery(
                r ->
                    r.isDrill(drill)
                        .sourceServers(
                            java.util.Arrays.stream(servers)
                                .map(
                                    s ->
                                        StartRecoveryRequestSourceServer.builder()
                                            .sourceServerID(s)
                                            .build())
                                .toList()))
            .job()
            .jobID();
    clock.advanceSeconds(0.001);
    return jobId;
  }

  @Test
  void givenFiveJobs_whenPagingByTwo_thenAllAreSeenOnceNewestFirst() {
    // given
    List<String> created = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      created.add(launch(true, id(i)));
    }

    // when
    List<Job> seen = new ArrayList<>();
    drs.describeJobsPaginator(r -> r.maxResults(2)).items().forEach(seen::add);

    // then
    List<String> newestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).extracting(Job::jobID).containsExactlyElementsOf(newestFirst);
    assertThat(seen)
        .extracting(Job::creationDateTime)
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void givenAPageWasRead_whenANewJobIsCreated_thenTheNextPageNeitherRepeatsNorSkips() {
    // given
    List<String> created = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      created.add(launch(true, id(i)));
    }
    DescribeJobsResponse first = drs.describeJobs(r -> r.maxResults(2));

    // when
    launch(true, id(5));
    DescribeJobsResponse second =
        drs.describeJobs(r -> r.maxResults(2).nextToken(first.nextToken()));

    // then
    assertThat(first.items())
        .extracting(Job::jobID)
        .containsExactly(created.get(3), created.get(2));
    assertThat(second.items())
        .extracting(Job::jobID)
        .containsExactly(created.get(1), created.get(0));
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void givenJobs_whenFilteringByIds_thenOnlyThoseAreReturned() {
    // given
    String a = launch(true, id(1));
    launch(true, id(2));
    String c = launch(false, id(3));

    // when
    List<Job> items =
        drs.describeJobs(
                r ->
                    r.filters(
                        DescribeJobsRequestFilters.builder()
                            .jobIDs(a, c, "drsjob-00000000000000000")
                            .build()))
            .items();

    // then
    assertThat(items).extracting(Job::jobID).containsExactly(c, a);
  }

  @Test
  void givenJobs_whenFilteringByDates_thenOnlyJobsCreatedInTheRangeAreReturned() {
    // given
    launch(true, id(1));
    clock.advanceSeconds(10);
    String middle = launch(true, id(2));
    clock.advanceSeconds(10);
    launch(true, id(3));

    // when
    List<Job> items =
        drs.describeJobs(
                r ->
                    r.filters(
                        DescribeJobsRequestFilters.builder()
                            .fromDate("2026-11-22T10:00:05Z")
                            .toDate("2026-11-22T10:00:15.000Z")
                            .build()))
            .items();

    // then
    assertThat(items).extracting(Job::jobID).containsExactly(middle);
  }

  @Test
  void givenAForeignToken_whenPaging_thenValidationException() {
    // when
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> drs.describeJobs(r -> r.nextToken("bm90LWEtdG9rZW4")));

    // then
    assertThat(e.fieldList().get(0).name()).isEqualTo("nextToken");
  }

  @Test
  void givenAMalformedJobIdFilter_whenDescribing_thenValidationExceptionNamesItsPath() {
    // when
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                drs.describeJobs(
                    r -> r.filters(DescribeJobsRequestFilters.builder().jobIDs("job-1").build())));

    // then
    assertThat(e.fieldList().get(0).name()).isEqualTo("filters.jobIDs[0]");
    assertThat(e.fieldList().get(0).message()).contains("job-1");
  }

  @Test
  void givenTooManyResultsAsked_whenDescribing_thenValidationException() {
    // when
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> drs.describeJobs(r -> r.maxResults(1001)));

    // then
    assertThat(e.fieldList().get(0).name()).isEqualTo("maxResults");
  }

  @Test
  void givenAJobWithAFailedServer_whenReadingItsLogOverTime_thenOnlyEventsWhoseTimeHasComeAppear() {
    // given
    simulator.failNextLaunch(id(2));
    String jobId = launch(false, id(1), id(2));

    // when
    List<JobLogEvent> early = events(jobId);
    clock.advanceSeconds(7);
    List<JobLog> all = drs.describeJobLogItems(r -> r.jobID(jobId)).items();

    // then
    assertThat(early)
        .containsExactly(
            JobLogEvent.JOB_START, JobLogEvent.SNAPSHOT_START, JobLogEvent.SNAPSHOT_START);
    assertThat(all).extracting(JobLog::event).first().isEqualTo(JobLogEvent.JOB_START);
    assertThat(all).extracting(JobLog::event).last().isEqualTo(JobLogEvent.JOB_END);
    assertThat(all)
        .extracting(JobLog::event)
        .contains(
            JobLogEvent.SNAPSHOT_END,
            JobLogEvent.CONVERSION_START,
            JobLogEvent.CONVERSION_END,
            JobLogEvent.LAUNCH_START)
        .doesNotContain(JobLogEvent.UNKNOWN_TO_SDK_VERSION);
    assertThat(all).extracting(JobLog::logDateTime).isSorted();
    JobLog failed =
        all.stream().filter(l -> l.event() == JobLogEvent.LAUNCH_FAILED).findFirst().orElseThrow();
    assertThat(failed.eventData().sourceServerID()).isEqualTo(id(2));
    assertThat(failed.eventData().rawError()).isNotBlank();
    assertThat(all).filteredOn(l -> l.event() == JobLogEvent.LAUNCH_FAILED).hasSize(1);
    JobLog launched =
        all.stream()
            .filter(l -> l.event() == JobLogEvent.LAUNCH_START)
            .filter(l -> l.eventData().sourceServerID().equals(id(1)))
            .findFirst()
            .orElseThrow();
    assertThat(launched.eventData().targetInstanceID()).matches("i-[0-9a-f]{17}");
  }

  @Test
  void givenALongLog_whenPaging_thenEveryItemIsSeenOnceInOrder() {
    // given
    String jobId = launch(true, id(1), id(2), id(3));
    clock.advanceSeconds(7);
    List<JobLog> whole = drs.describeJobLogItems(r -> r.jobID(jobId)).items();

    // when
    List<JobLog> paged = new ArrayList<>();
    drs.describeJobLogItemsPaginator(r -> r.jobID(jobId).maxResults(4)).items().forEach(paged::add);

    // then
    assertThat(whole).hasSize(2 + 3 * 5);
    assertThat(paged).containsExactlyElementsOf(whole);
  }

  private List<JobLogEvent> events(String jobId) {
    return drs.describeJobLogItems(r -> r.jobID(jobId)).items().stream()
        .map(JobLog::event)
        .toList();
  }

  @Test
  void givenServers_whenDescribed_thenEachHasTheShapeDrsGives() {
    // given
    String drill = launch(true, id(1));
    clock.advanceSeconds(7);

    // when
    List<SourceServer> servers =
        drs.describeSourceServers(
                r ->
                    r.filters(
                        DescribeSourceServersRequestFilters.builder()
                            .sourceServerIDs(id(1), id(2))
                            .build()))
            .items();

    // then
    assertThat(servers).extracting(SourceServer::sourceServerID).containsExactly(id(1), id(2));
    SourceServer launched = servers.get(0);
    assertThat(launched.arn())
        .isEqualTo("arn:aws:drs:us-east-1:123456789012:source-server/" + id(1));
    assertThat(launched.lastLaunchResult()).isEqualTo(LastLaunchResult.SUCCEEDED);
    assertThat(launched.lifeCycle().lastLaunch().initiated().jobID()).isEqualTo(drill);
    assertThat(launched.lifeCycle().lastLaunch().initiated().type())
        .isEqualTo(LastLaunchType.DRILL);
    assertThat(launched.recoveryInstanceId()).matches("i-[0-9a-f]{17}");
    assertThat(launched.dataReplicationInfo().dataReplicationStateAsString())
        .isEqualTo("CONTINUOUS");
    assertThat(launched.replicationDirection()).isEqualTo(ReplicationDirection.FAILOVER);
    SourceServer idle = servers.get(1);
    assertThat(idle.lastLaunchResult()).isEqualTo(LastLaunchResult.NOT_STARTED);
    assertThat(idle.lifeCycle().lastLaunch()).isNull();
    assertThat(idle.recoveryInstanceId()).isNull();
  }

  @Test
  void givenALaunchInProgressAndAFailedOne_whenDescribed_thenLastLaunchResultIsPendingAndFailed() {
    // given
    simulator.failNextLaunch(id(2));
    launch(false, id(2));
    clock.advanceSeconds(7);
    launch(false, id(1));

    // when
    List<SourceServer> servers = drs.describeSourceServers(r -> {}).items();

    // then
    assertThat(servers.get(0).lastLaunchResult()).isEqualTo(LastLaunchResult.PENDING);
    assertThat(servers.get(0).lifeCycle().lastLaunch().initiated().type())
        .isEqualTo(LastLaunchType.RECOVERY);
    assertThat(servers.get(1).lastLaunchResult()).isEqualTo(LastLaunchResult.FAILED);
  }

  @Test
  void givenNineServers_whenPagingByFour_thenAllAreSeenInOrder() {
    // when
    List<String> seen = new ArrayList<>();
    drs.describeSourceServersPaginator(r -> r.maxResults(4))
        .items()
        .forEach(s -> seen.add(s.sourceServerID()));

    // then
    assertThat(seen).containsExactlyElementsOf(ids(1, 10));
  }

  @Test
  void givenServersInTwoRegions_whenEachRegionIsAsked_thenEachSeesOnlyItsOwn() {
    // given
    simulator.addSourceServers("eu-west-1", List.of(id(500)));
    try (DrsClient ireland = DrsClients.withoutRetries(simulator.endpoint(), "eu-west-1")) {

      // when
      List<SourceServer> irish = ireland.describeSourceServers(r -> {}).items();
      String jobId =
          ireland
              .startRecovery(
                  r ->
                      r.sourceServers(
                          StartRecoveryRequestSourceServer.builder()
                              .sourceServerID(id(500))
                              .build()))
              .job()
              .jobID();

      // then
      assertThat(irish).extracting(SourceServer::sourceServerID).containsExactly(id(500));
      assertThat(irish.get(0).arn()).startsWith("arn:aws:drs:eu-west-1:");
      assertThat(drs.describeJobs(r -> {}).items()).extracting(Job::jobID).doesNotContain(jobId);
      assertThat(drs.describeSourceServers(r -> {}).items())
          .extracting(SourceServer::sourceServerID)
          .doesNotContain(id(500));
    }
  }
}
