package io.drsorch.watcher.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.drsclient.DrsTimestamps;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobDurationsTest {

  @Test
  void givenNoCompletedJob_whenAsked_thenNothingLearned() {
    assertThat(new JobDurations().expected("us-east-1")).isNull();
  }

  @Test
  void givenCompletedJobs_whenAsked_thenWeightedTowardsTheNewestPerRegion() {
    // given
    JobDurations durations = new JobDurations();
    durations.completed("us-east-1", Duration.ofSeconds(100));
    durations.completed("us-east-1", Duration.ofSeconds(200));
    durations.completed("eu-west-1", Duration.ofSeconds(10));
    // when / then: 100 + 0.3 * (200 - 100)
    assertThat(durations.expected("us-east-1")).isEqualTo(Duration.ofSeconds(130));
    assertThat(durations.expected("eu-west-1")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void givenNegativeDuration_whenCompleted_thenIgnored() {
    // given
    JobDurations durations = new JobDurations();
    // when
    durations.completed("us-east-1", Duration.ofSeconds(-5));
    // then
    assertThat(durations.expected("us-east-1")).isNull();
  }

  @Test
  void givenDrsTimestampsInBothForms_whenParsed_thenSameInstant() {
    assertThat(DrsTimestamps.instant("2025-11-28T21:20:13.602066+00:00"))
        .isEqualTo(DrsTimestamps.instant("2025-11-28T21:20:13.602066Z"));
    assertThat(DrsTimestamps.instant("yesterday")).isNull();
    assertThat(DrsTimestamps.instant(null)).isNull();
  }
}
