package io.drsorch.schemas.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartitionPausesTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final MutableClock clock = new MutableClock();
  private final PartitionPauses pauses =
      new PartitionPauses(Duration.ofSeconds(1), Duration.ofSeconds(4), clock);
  private MockConsumer<String, String> consumer;

  @BeforeEach
  void assign() {
    consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    consumer.assign(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
  }

  @Test
  void givenOnePartitionHeld_whenPolled_thenTheOtherIsStillRead() {
    // given
    pauses.hold(consumer, P0);
    consumer.addRecord(new ConsumerRecord<>("t", 0, 0, "k", "held"));
    consumer.addRecord(new ConsumerRecord<>("t", 1, 0, "k", "read"));

    // when
    pauses.releaseDue(consumer);
    var records = consumer.poll(Duration.ZERO);

    // then
    assertThat(records.records(P1)).extracting(ConsumerRecord::value).containsExactly("read");
    assertThat(records.records(P0)).isEmpty();
    assertThat(consumer.paused()).containsExactly(P0);
  }

  @Test
  void givenAHeldPartition_whenItsWaitIsOver_thenItIsResumed() {
    // given
    pauses.hold(consumer, P0);

    // when
    clock.advance(Duration.ofMillis(999));
    pauses.releaseDue(consumer);
    boolean heldBefore = consumer.paused().contains(P0);
    clock.advance(Duration.ofMillis(1));
    pauses.releaseDue(consumer);

    // then
    assertThat(heldBefore).isTrue();
    assertThat(consumer.paused()).isEmpty();
    assertThat(pauses.isHeld(P0)).isFalse();
  }

  @Test
  void givenFailuresInARow_thenTheWaitDoublesUpToTheCap_andSuccessStartsItAgain() {
    // when
    Duration first = holdAndRelease();
    Duration second = holdAndRelease();
    Duration third = holdAndRelease();
    Duration fourth = holdAndRelease();
    pauses.succeeded(P0);
    Duration afterSuccess = holdAndRelease();

    // then
    assertThat(List.of(first, second, third, fourth, afterSuccess))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(4),
            Duration.ofSeconds(1));
  }

  @Test
  void givenARevokedPartition_whenForgotten_thenItsNextFailureWaitsTheShortestTime() {
    // given
    holdAndRelease();
    holdAndRelease();

    // when
    pauses.forget(List.of(P0));

    // then
    assertThat(pauses.hold(consumer, P0)).isEqualTo(Duration.ofSeconds(1));
  }

  private Duration holdAndRelease() {
    Duration wait = pauses.hold(consumer, P0);
    clock.advance(wait);
    pauses.releaseDue(consumer);
    return wait;
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
