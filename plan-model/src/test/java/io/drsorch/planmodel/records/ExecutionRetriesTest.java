package io.drsorch.planmodel.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.drsorch.avro.CarriedOver;
import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionStatus;
import io.drsorch.avro.ExecutionUpdated;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveStatus;
import io.drsorch.avro.WaveView;
import io.drsorch.planmodel.validation.ExecutionRequestValidator;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.OperatorTexts;
import io.drsorch.planmodel.validation.ValidationError;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A retry is rebuilt from the old execution's last view: the same frozen plan, and per wave what
 * the old execution achieved, so that nothing launched is launched again.
 */
class ExecutionRetriesTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
  private static final String ROLE = "arn:aws:iam::111122223333:role/Drs";

  private static String server(int n) {
    return String.format("s-%017d", n);
  }

  private static String job(int n) {
    return String.format("drsjob-%017d", n);
  }

  private static ServerLaunch server(int n, LaunchStatus status, int job) {
    return ServerLaunch.newBuilder()
        .setSourceServerId(server(n))
        .setLaunchStatus(status)
        .setRecoveryInstanceId(status == LaunchStatus.LAUNCHED ? "i-0000000000000000" + n : null)
        .setJobId(job == 0 ? null : job(job))
        .build();
  }

  private static WaveView.Builder wave(String id, WaveStatus status, ServerLaunch... servers) {
    return WaveView.newBuilder()
        .setWaveId(id)
        .setName("Wave " + id)
        .setRegion("us-east-1")
        .setStatus(status)
        .setDependsOn(List.of())
        .setServers(Arrays.asList(servers))
        .setJobIds(
            Arrays.stream(servers)
                .map(ServerLaunch::getJobId)
                .filter(j -> j != null)
                .distinct()
                .toList());
  }

  /**
   * An execution that failed at app: db completed; app failed with one of its two servers launched
   * (it waits for approval, one server optional); cache timed out with one server launched; web,
   * depending on app, was skipped.
   */
  private static ExecutionUpdated failedView(ExecutionStatus status) {
    WaveView db =
        wave(
                "db",
                WaveStatus.COMPLETED,
                server(1, LaunchStatus.LAUNCHED, 1),
                server(2, LaunchStatus.LAUNCHED, 1))
            .setAccountId("111122223333")
            .setRoleArn(ROLE)
            .setTimeoutMinutes(30)
            .build();
    WaveView app =
        wave(
                "app",
                WaveStatus.FAILED,
                server(3, LaunchStatus.LAUNCHED, 2),
                server(4, LaunchStatus.FAILED, 2),
                server(5, LaunchStatus.FAILED, 2))
            .setDependsOn(List.of("db"))
            .setApprovalRequired(true)
            .setApprovalTimeoutMinutes(15)
            .setOptionalServerIds(List.of(server(5)))
            .build();
    WaveView cache =
        wave(
                "cache",
                WaveStatus.TIMED_OUT,
                server(6, LaunchStatus.LAUNCHED, 3),
                server(7, LaunchStatus.IN_PROGRESS, 3))
            .build();
    WaveView web =
        wave("web", WaveStatus.SKIPPED, server(8, LaunchStatus.PENDING, 0))
            .setDependsOn(List.of("app", "cache"))
            .build();
    return ExecutionUpdated.newBuilder()
        .setId("view-9")
        .setExecutionId("e-old")
        .setOccurredAt(STARTED.plusSeconds(600))
        .setSequence(9)
        .setPlanId("three-tier")
        .setPlanVersion(4)
        .setPlanName("Three tier")
        .setMode(ExecutionMode.RECOVERY)
        .setRequestedBy("alice")
        .setStatus(status)
        .setReason("wave app failed")
        .setStartedAt(STARTED)
        .setEndedAt(STARTED.plusSeconds(600))
        .setWaves(List.of(db, app, cache, web))
        .setWaveTimeoutMinutes(45)
        .setExecutionTimeoutMinutes(300)
        .build();
  }

  private static ExecutionRequested retry(
      ExecutionUpdated view, List<String> skipWaves, String reason) {
    return ExecutionRetries.request(view, skipWaves, reason, "bob", "e-new", "record-1", NOW);
  }

  private static CarriedOver carriedOver(ExecutionRequested request, String waveId) {
    return request.getWaves().stream()
        .filter(w -> w.getWaveId().equals(waveId))
        .findFirst()
        .orElseThrow()
        .getCarriedOver();
  }

  @Test
  void givenAFailedExecution_whenRetried_thenTheSameFrozenPlanAsANewExecutionOfTheRequester() {
    // when
    ExecutionRequested request = retry(failedView(ExecutionStatus.FAILED), null, null);

    // then
    assertThat(request.getId()).isEqualTo("record-1");
    assertThat(request.getExecutionId()).isEqualTo("e-new");
    assertThat(request.getOccurredAt()).isEqualTo(NOW);
    assertThat(request.getCausationId()).isNull();
    assertThat(request.getRetryOf()).isEqualTo("e-old");
    assertThat(request.getRequestedBy()).isEqualTo("bob");
    assertThat(request.getPlanId()).isEqualTo("three-tier");
    assertThat(request.getPlanVersion()).isEqualTo(4L);
    assertThat(request.getPlanName()).isEqualTo("Three tier");
    assertThat(request.getMode()).isEqualTo(ExecutionMode.RECOVERY);
    assertThat(request.getWaveTimeoutMinutes()).isEqualTo(45);
    assertThat(request.getExecutionTimeoutMinutes()).isEqualTo(300);
    assertThat(request.getWaves())
        .extracting(ExecutionWave::getWaveId)
        .containsExactly("db", "app", "cache", "web");
    ExecutionWave db = request.getWaves().get(0);
    assertThat(db.getName()).isEqualTo("Wave db");
    assertThat(db.getRegion()).isEqualTo("us-east-1");
    assertThat(db.getSourceServerIds()).containsExactly(server(1), server(2));
    assertThat(db.getAccountId()).isEqualTo("111122223333");
    assertThat(db.getRoleArn()).isEqualTo(ROLE);
    assertThat(db.getTimeoutMinutes()).isEqualTo(30);
    ExecutionWave app = request.getWaves().get(1);
    assertThat(app.getSourceServerIds()).containsExactly(server(3), server(4), server(5));
    assertThat(app.getDependsOn()).containsExactly("db");
    assertThat(app.getApprovalRequired()).isTrue();
    assertThat(app.getApprovalTimeoutMinutes()).isEqualTo(15);
    assertThat(app.getOptionalServerIds()).containsExactly(server(5));
    assertThat(request.getWaves().get(3).getDependsOn()).containsExactly("app", "cache");
  }

  @Test
  void givenAFailedExecution_whenRetried_thenEachWaveCarriesOverWhatItAchieved() {
    // when
    ExecutionRequested request = retry(failedView(ExecutionStatus.FAILED), List.of(), null);

    // then: db completed, done with every server
    CarriedOver db = carriedOver(request, "db");
    assertThat(db.getFromExecutionId()).isEqualTo("e-old");
    assertThat(db.getDone()).isTrue();
    assertThat(db.getJobIds()).containsExactly(job(1));
    assertThat(db.getServers())
        .extracting(ServerLaunch::getSourceServerId, ServerLaunch::getRecoveryInstanceId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(server(1), "i-00000000000000001"),
            org.assertj.core.groups.Tuple.tuple(server(2), "i-00000000000000002"));
    assertThat(db.getOverrideBy()).isNull();
    // app failed: only its launched server kept, the others launch again
    CarriedOver app = carriedOver(request, "app");
    assertThat(app.getDone()).isFalse();
    assertThat(app.getJobIds()).containsExactly(job(2));
    assertThat(app.getServers())
        .extracting(ServerLaunch::getSourceServerId)
        .containsExactly(server(3));
    assertThat(app.getOverrideBy()).isNull();
    // cache timed out: the same, its server still in progress is not kept
    CarriedOver cache = carriedOver(request, "cache");
    assertThat(cache.getDone()).isFalse();
    assertThat(cache.getServers())
        .extracting(ServerLaunch::getSourceServerId)
        .containsExactly(server(6));
    // web never ran: it runs as in a first run
    assertThat(carriedOver(request, "web")).isNull();
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenSkipWaves_whenRetried_thenThoseFailedWavesAreDoneByTheRequesterWithTheReason() {
    // when
    ExecutionRequested request =
        retry(failedView(ExecutionStatus.TIMED_OUT), List.of("cache"), "cache warms itself");

    // then
    CarriedOver cache = carriedOver(request, "cache");
    assertThat(cache.getDone()).isTrue();
    assertThat(cache.getServers())
        .extracting(ServerLaunch::getSourceServerId)
        .containsExactly(server(6));
    assertThat(cache.getJobIds()).containsExactly(job(3));
    assertThat(cache.getOverrideBy()).isEqualTo("bob");
    assertThat(cache.getOverrideReason()).isEqualTo("cache warms itself");
    // app is not skipped: it relaunches what did not launch
    assertThat(carriedOver(request, "app").getDone()).isFalse();
    assertThat(carriedOver(request, "app").getOverrideBy()).isNull();
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenAWaveMarkedDoneInAnEarlierRetry_whenRetriedAgain_thenWhoMarkedItIsKept() {
    // given: the view of a retry in which db was skipped by carol
    ExecutionUpdated view = failedView(ExecutionStatus.FAILED);
    view.getWaves().get(0).setOverrideBy("carol");
    view.getWaves().get(0).setCarriedOverFrom("e-older");

    // when
    ExecutionRequested request = retry(view, null, null);

    // then: done again, carried from the execution retried now, still carol's override
    CarriedOver db = carriedOver(request, "db");
    assertThat(db.getDone()).isTrue();
    assertThat(db.getFromExecutionId()).isEqualTo("e-old");
    assertThat(db.getOverrideBy()).isEqualTo("carol");
    assertThat(ExecutionRequestValidator.validate(request)).isEmpty();
  }

  @Test
  void givenTheView_whenRetried_thenTheRequestSharesNoServerRecordWithIt() {
    // given
    ExecutionUpdated view = failedView(ExecutionStatus.FAILED);
    ExecutionRequested request = retry(view, null, null);

    // when: the view is changed afterwards (Avro records are mutable)
    view.getWaves().get(0).getServers().get(0).setRecoveryInstanceId("i-changed");

    // then
    assertThat(carriedOver(request, "db").getServers().get(0).getRecoveryInstanceId())
        .isEqualTo("i-00000000000000001");
  }

  @ParameterizedTest
  @EnumSource(
      value = ExecutionStatus.class,
      names = {"FAILED", "TIMED_OUT"},
      mode = EnumSource.Mode.EXCLUDE)
  void givenAnExecutionNotFailed_whenRetried_thenNotRetryableNamingItsStatus(
      ExecutionStatus status) {
    // given
    ExecutionUpdated view = failedView(status);

    // then
    NotRetryableException e =
        catchThrowableOfType(NotRetryableException.class, () -> retry(view, null, null));
    assertThat(e.status()).isEqualTo(status);
    assertThat(e)
        .hasMessage(
            "execution e-old is "
                + status
                + ": only a FAILED or TIMED_OUT execution can be retried");
  }

  @Test
  void givenBadSkipWaves_whenRetried_thenEachRefusedAtItsPath() {
    // given
    ExecutionUpdated view = failedView(ExecutionStatus.FAILED);
    List<String> skips = Arrays.asList("app", "ghost", "db", "web", " ", null, "app", "cache");

    // when
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> retry(view, skips, "why"));

    // then
    assertThat(e.errors())
        .containsExactly(
            new ValidationError("skipWaves[1]", "execution e-old has no wave 'ghost'"),
            new ValidationError(
                "skipWaves[2]",
                "wave 'db' is COMPLETED: only a FAILED or TIMED_OUT wave can be skipped"),
            new ValidationError(
                "skipWaves[3]",
                "wave 'web' is SKIPPED: only a FAILED or TIMED_OUT wave can be skipped"),
            new ValidationError("skipWaves[4]", "a wave to skip must be named by its id"),
            new ValidationError("skipWaves[5]", "a wave to skip must be named by its id"),
            new ValidationError("skipWaves[6]", "wave 'app' is listed twice"));
  }

  @Test
  void givenAReasonWithoutSkipWavesOrOverlong_whenRetried_thenRefusedAtReason() {
    // given
    ExecutionUpdated view = failedView(ExecutionStatus.FAILED);
    String overlong = "r".repeat(OperatorTexts.MAX_LENGTH + 1);

    // then
    assertThatThrownBy(() -> retry(view, null, "because"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new ValidationError(
                            "reason",
                            "reason says why skipWaves are marked done: name the waves in"
                                + " skipWaves, or leave the reason out")));
    assertThatThrownBy(() -> retry(view, List.of("app"), overlong))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new ValidationError(
                            "reason",
                            "reason is "
                                + overlong.length()
                                + " characters long; at most "
                                + OperatorTexts.MAX_LENGTH)));
  }

  @Test
  void givenABlankReason_whenRetried_thenNoReasonRecorded() {
    // when
    ExecutionRequested request = retry(failedView(ExecutionStatus.FAILED), List.of("app"), " ");

    // then
    assertThat(carriedOver(request, "app").getOverrideReason()).isNull();
    assertThat(carriedOver(request, "app").getOverrideBy()).isEqualTo("bob");
  }
}
