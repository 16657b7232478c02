package io.drsorch.watcher.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final PollIntervals INTERVALS =
      new PollIntervals(Duration.ofSeconds(1), Duration.ofSeconds(15), 0.75);
  private static final Duration EIGHT_MINUTES = Duration.ofMinutes(8);

  @Test
  void givenNoLearnedDuration_whenPolled_thenDueAgainAfterMin() {
    // given
    PollSchedule schedule = new PollSchedule(INTERVALS);
    schedule.polled("drsjob-a", T0, T0.plusSeconds(30));
    // when
    Instant next = schedule.nextPoll("drsjob-a", null);
    // then
    assertThat(next).isEqualTo(T0.plusSeconds(31));
  }

  @Test
  void givenYoungJobOfLongRegion_whenPolled_thenDueOnlyAfterMax() {
    // given a job 10 s old where jobs take 8 minutes: the near-end point is 6 minutes away
    PollSchedule schedule = new PollSchedule(INTERVALS);
    schedule.polled("drsjob-a", T0, T0.plusSeconds(10));
    // when / then
    assertThat(schedule.isDue("drsjob-a", T0.plusSeconds(24), EIGHT_MINUTES)).isFalse();
    assertThat(schedule.isDue("drsjob-a", T0.plusSeconds(25), EIGHT_MINUTES)).isTrue();
  }

  @Test
  void givenJobJustBeforeNearEnd_whenPolled_thenDueExactlyAtNearEnd() {
    // given 6 minutes (0.75 of 8) is 4 s after this poll
    PollSchedule schedule = new PollSchedule(INTERVALS);
    Instant polledAt = T0.plus(Duration.ofMinutes(6)).minusSeconds(4);
    schedule.polled("drsjob-a", T0, polledAt);
    // when
    Instant next = schedule.nextPoll("drsjob-a", EIGHT_MINUTES);
    // then
    assertThat(next).isEqualTo(T0.plus(Duration.ofMinutes(6)));
  }

  @Test
  void givenJobPastNearEnd_whenPolled_thenDueAfterMin() {
    // given
    PollSchedule schedule = new PollSchedule(INTERVALS);
    Instant polledAt = T0.plus(Duration.ofMinutes(7));
    schedule.polled("drsjob-a", T0, polledAt);
    // when / then
    assertThat(schedule.nextPoll("drsjob-a", EIGHT_MINUTES)).isEqualTo(polledAt.plusSeconds(1));
  }

  @Test
  void givenJobsOfDifferentAges_whenAskedWhichAreDue_thenOnlyThoseNearTheirEndAndTheNew() {
    // given jobs that take 40 s: near end from 30 s on; all polled 2 s ago
    PollSchedule schedule = new PollSchedule(INTERVALS);
    Instant now = T0.plusSeconds(100);
    Instant polledAt = now.minusSeconds(2);
    schedule.polled("drsjob-young", polledAt.minusSeconds(5), polledAt);
    schedule.polled("drsjob-middle", polledAt.minusSeconds(29), polledAt);
    schedule.polled("drsjob-old", polledAt.minusSeconds(35), polledAt);
    Duration expected = Duration.ofSeconds(40);
    // when
    List<String> due =
        schedule.toPoll(
            List.of("drsjob-young", "drsjob-middle", "drsjob-old", "drsjob-new"), now, expected, 1);
    // then: young is due in 25 s (capped at 15), middle in 1 s (its near end), old after min
    assertThat(due).containsExactlyInAnyOrder("drsjob-middle", "drsjob-old", "drsjob-new");
  }

  @Test
  void givenOneJobDue_whenBatchHasRoom_thenThoseDueWithinTheMinIntervalRideAlongSoonestFirst() {
    // given jobs that take 40 s (near end from 30 s on, then read every min interval of 1 s)
    PollSchedule schedule = new PollSchedule(INTERVALS);
    Duration expected = Duration.ofSeconds(40);
    Instant now = T0.plusSeconds(100);
    schedule.polled("drsjob-sooner", now.minusSeconds(35), now.minusMillis(800)); // due in 0.2 s
    schedule.polled("drsjob-soon", now.minusSeconds(35), now.minusMillis(500)); // due in 0.5 s
    schedule.polled("drsjob-later", now.minusSeconds(2), now.minusSeconds(1)); // due in 14 s
    List<String> watched = List.of("drsjob-later", "drsjob-soon", "drsjob-sooner", "drsjob-new");
    // when the call for the new job has room for one more id
    List<String> oneMore = schedule.toPoll(watched, now, expected, 2);
    // then it carries the job falling due first
    assertThat(oneMore).containsExactly("drsjob-new", "drsjob-sooner");
    // when it has room for every watched job
    List<String> roomForAll = schedule.toPoll(watched, now, expected, 1000);
    // then it still leaves out the job not due within the min interval: reading it now is work
    // for both sides, and it would be read again anyway before it can have ended
    assertThat(roomForAll).containsExactly("drsjob-new", "drsjob-sooner", "drsjob-soon");
  }

  @Test
  void givenNoJobDue_whenPlanned_thenNoCall() {
    // given
    PollSchedule schedule = new PollSchedule(INTERVALS);
    schedule.polled("drsjob-a", T0, T0.plusSeconds(1));
    // when / then
    assertThat(schedule.toPoll(List.of("drsjob-a"), T0.plusSeconds(2), EIGHT_MINUTES, 1000))
        .isEmpty();
  }

  @Test
  void givenJobNotDue_whenEventAsksToLookNow_thenDueAndItsAgeIsKept() {
    // given
    PollSchedule schedule = new PollSchedule(INTERVALS);
    schedule.polled("drsjob-a", T0, T0.plusSeconds(1));
    // when
    schedule.lookNow("drsjob-a");
    // then
    assertThat(schedule.isDue("drsjob-a", T0.plusSeconds(2), EIGHT_MINUTES)).isTrue();
    schedule.polled("drsjob-a", null, T0.plusSeconds(2));
    assertThat(schedule.nextPoll("drsjob-a", EIGHT_MINUTES)).isEqualTo(T0.plusSeconds(17));
  }

  @Test
  void givenWriteFailed_whenPollAgainSoon_thenDueAfterMinWhateverTheAge() {
    // given
    PollSchedule schedule = new PollSchedule(INTERVALS);
    schedule.polled("drsjob-a", T0, T0.plusSeconds(1));
    // when
    schedule.pollAgainSoon("drsjob-a", T0.plusSeconds(1));
    // then
    assertThat(schedule.nextPoll("drsjob-a", EIGHT_MINUTES)).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void givenFixedInterval_whenAnyAge_thenAlwaysThatInterval() {
    // given
    PollIntervals fixed = PollIntervals.fixed(Duration.ofSeconds(30));
    // when / then
    assertThat(fixed.interval(Duration.ZERO, EIGHT_MINUTES)).isEqualTo(Duration.ofSeconds(30));
    assertThat(fixed.interval(Duration.ofMinutes(7), EIGHT_MINUTES))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(fixed.interval(null, null)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void givenMaxBelowMin_whenCreated_thenRejected() {
    assertThatThrownBy(() -> new PollIntervals(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("watcher.poll.max");
  }

  @Test
  void givenForgottenJobs_whenRetained_thenOnlyWatchedOnesKept() {
    // given
    PollSchedule schedule = new PollSchedule(INTERVALS);
    schedule.polled("drsjob-a", T0, T0);
    schedule.polled("drsjob-b", T0, T0);
    // when
    schedule.retainOnly(java.util.Set.of("drsjob-b"));
    // then
    assertThat(schedule.size()).isEqualTo(1);
    assertThat(schedule.isDue("drsjob-a", T0, null)).isTrue();
  }
}
