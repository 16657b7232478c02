package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void givenFailuresInARow_whenWaiting_thenTwiceAsLongEachTimeUpToTheCapAndAfreshAfterSuccess() {
    // given
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
    // when / then
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
    backoff.succeeded();
    assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
  }
}
