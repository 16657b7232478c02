package io.drsorch.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.drs.model.DescribeRecoverySnapshotsRequest;
import software.amazon.awssdk.services.drs.model.DescribeRecoverySnapshotsResponse;
import software.amazon.awssdk.services.drs.model.RecoverySnapshot;
import software.amazon.awssdk.services.drs.model.RecoverySnapshotsOrder;

/**
 * What the launcher makes of DescribeRecoverySnapshots' answers that the simulator never gives
 * (offsets, a missing {@code timestamp}, a snapshot later than asked for). The launches themselves
 * are tested against the simulator in {@code PointInTimeLaunchTest}.
 */
class PointInTimeSnapshotsTest {

  private static final Instant POINT = Instant.parse("2026-12-01T10:00:00Z");
  private static final String A = "s-aaaaaaaaaaaaaaaaa";
  private static final String B = "s-bbbbbbbbbbbbbbbbb";

  @Test
  void givenAPointInTime_whenResolved_thenOneNewestFirstQueryPerServerUpToThatTime() {
    // given
    AnsweringDrs drs =
        new AnsweringDrs(Map.of(A, snapshot("pit-aaaaaaaaaaaaaaaaa", "2026-12-01T09:50:00Z")));
    // when
    PointInTimeSnapshots.resolve(drs, List.of(A, B), POINT);
    // then
    assertThat(drs.asked)
        .extracting(DescribeRecoverySnapshotsRequest::sourceServerID)
        .containsExactly(A, B);
    assertThat(drs.asked)
        .allSatisfy(
            r -> {
              assertThat(r.filters().toDateTime()).isEqualTo("2026-12-01T10:00:00Z");
              assertThat(r.filters().fromDateTime()).isNull();
              assertThat(r.order()).isEqualTo(RecoverySnapshotsOrder.DESC);
              assertThat(r.maxResults()).isEqualTo(1);
            });
  }

  @Test
  void givenTimesWithAnOffsetOrOnlyExpected_whenResolved_thenReadAsInstants() {
    // given one timestamp with an offset, and one snapshot with its expected time only
    AnsweringDrs drs =
        new AnsweringDrs(
            Map.of(
                A,
                snapshot("pit-aaaaaaaaaaaaaaaaa", "2026-12-01T09:20:13.602066+00:00"),
                B,
                RecoverySnapshot.builder()
                    .snapshotID("pit-bbbbbbbbbbbbbbbbb")
                    .sourceServerID(B)
                    .expectedTimestamp("2026-12-01T09:00:00Z")
                    .build()));
    // when
    PointInTimeSnapshots snapshots = PointInTimeSnapshots.resolve(drs, List.of(A, B), POINT);
    // then
    assertThat(snapshots.chosen())
        .containsExactly(
            new ChosenSnapshot(
                A, "pit-aaaaaaaaaaaaaaaaa", Instant.parse("2026-12-01T09:20:13.602066Z")),
            new ChosenSnapshot(B, "pit-bbbbbbbbbbbbbbbbb", Instant.parse("2026-12-01T09:00:00Z")));
    assertThat(snapshots.snapshotIdOf(B)).isEqualTo("pit-bbbbbbbbbbbbbbbbb");
    assertThat(snapshots.missingAmong(Set.of(A, B))).isEmpty();
  }

  @Test
  void givenDrsAnsweringASnapshotAfterTheTimeOrWithoutATime_whenResolved_thenNeitherIsUsed() {
    // given
    AnsweringDrs drs =
        new AnsweringDrs(
            Map.of(
                A,
                snapshot("pit-aaaaaaaaaaaaaaaaa", "2026-12-01T10:00:00.001Z"),
                B,
                snapshot("pit-bbbbbbbbbbbbbbbbb", "yesterday")));
    // when
    PointInTimeSnapshots snapshots = PointInTimeSnapshots.resolve(drs, List.of(A, B), POINT);
    // then
    assertThat(snapshots.chosen()).isEmpty();
    assertThat(snapshots.snapshotIdOf(A)).isNull();
    assertThat(snapshots.missingAmong(Set.of(A, B))).containsExactly(A, B);
    assertThat(snapshots.noSnapshotReason(snapshots.missingAmong(Set.of(A, B))))
        .isEqualTo(
            "no recovery snapshot at or before 2026-12-01T10:00:00Z for "
                + "s-aaaaaaaaaaaaaaaaa, s-bbbbbbbbbbbbbbbbb");
  }

  @Test
  void givenNoPointInTime_whenLaunching_thenNothingIsPinnedAndNothingMissing() {
    assertThat(PointInTimeSnapshots.LATEST_DATA.snapshotIdOf(A)).isNull();
    assertThat(PointInTimeSnapshots.LATEST_DATA.missingAmong(Set.of(A))).isEmpty();
    assertThat(PointInTimeSnapshots.LATEST_DATA.chosen()).isEmpty();
  }

  private static RecoverySnapshot snapshot(String id, String timestamp) {
    return RecoverySnapshot.builder()
        .snapshotID(id)
        .expectedTimestamp(timestamp)
        .timestamp(timestamp)
        .build();
  }

  /** A DRS that answers each server's look-up with its one snapshot, or none; and records asks. */
  private static final class AnsweringDrs implements DrsClient {
    private final Map<String, RecoverySnapshot> newest;
    final List<DescribeRecoverySnapshotsRequest> asked = new ArrayList<>();

    AnsweringDrs(Map<String, RecoverySnapshot> newest) {
      this.newest = newest;
    }

    @Override
    public DescribeRecoverySnapshotsResponse describeRecoverySnapshots(
        DescribeRecoverySnapshotsRequest request) {
      asked.add(request);
      RecoverySnapshot snapshot = newest.get(request.sourceServerID());
      return DescribeRecoverySnapshotsResponse.builder()
          .items(snapshot == null ? List.of() : List.of(snapshot))
          .build();
    }

    @Override
    public String serviceName() {
      return "drs";
    }

    @Override
    public void close() {}
  }
}
