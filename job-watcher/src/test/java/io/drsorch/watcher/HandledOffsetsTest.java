package io.drsorch.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the watcher may commit while some records' dead letters are not written. */
class HandledOffsetsTest {

  private final HandledOffsets handled = new HandledOffsets();

  @Test
  void givenARecordWhoseLetterIsNotWritten_whenPositionsAreCommitted_thenNotPastIt() {
    // given: partition 0 committed at 3, records 5 and 8 read but their letters not written
    handled.assigned(0, 3);
    handled.toWrite(0, 5);
    handled.toWrite(0, 8);
    // when
    Map<Integer, Long> advanced = handled.advanced(Map.of(0, 12L));
    // then: the next owner reads 5 again and writes its letter
    assertThat(advanced).containsExactly(Map.entry(0, 5L));
  }

  @Test
  void givenTheFirstRecordOnlyUnwritten_whenItIsTheFirstOffset_thenNothingIsCommitted() {
    // given
    handled.assigned(0, 5);
    handled.toWrite(0, 5);
    // when, then
    assertThat(handled.advanced(Map.of(0, 9L))).isEmpty();
  }

  @Test
  void givenLettersWritten_whenPositionsAreCommitted_thenUpToThePosition() {
    // given
    handled.assigned(0, 3);
    handled.toWrite(0, 5);
    handled.toWrite(0, 8);
    // when
    handled.written(0, 5);
    handled.written(0, 8);
    // then
    assertThat(handled.advanced(Map.of(0, 12L))).containsExactly(Map.entry(0, 12L));
  }

  @Test
  void givenLettersGoingWithTheOffsets_whenAdvanced_thenOnlyTheOthersHoldThePositionBack() {
    // given
    handled.assigned(0, 3);
    handled.assigned(1, 0);
    handled.toWrite(0, 5);
    handled.toWrite(0, 8);
    handled.toWrite(1, 2);
    // when: the letters of 0@5 and 1@2 commit with the offsets, 0@8's does not
    Map<Integer, Long> advanced =
        handled.advanced(Map.of(0, 12L, 1, 4L), List.of(Map.entry(0, 5L), Map.entry(1, 2L)));
    // then
    assertThat(advanced).containsOnly(Map.entry(0, 8L), Map.entry(1, 4L));
  }

  @Test
  void givenAnUnknownCommit_whenForgotten_thenNothingIsCommittedUntilAssignedAgain() {
    // given
    handled.assigned(0, 3);
    // when
    handled.forgetAll();
    // then
    assertThat(handled.advanced(Map.of(0, 12L))).isEmpty();
    handled.assigned(0, 10);
    assertThat(handled.advanced(Map.of(0, 12L))).containsExactly(Map.entry(0, 12L));
  }

  @Test
  void givenAPartitionReassigned_whenAdvanced_thenItsOldUnwrittenRecordsNoLongerHoldIt() {
    // given
    handled.assigned(0, 3);
    handled.toWrite(0, 5);
    // when: the next owner wrote the letter and committed past it; it comes back to us
    handled.revoked(List.of(0));
    handled.assigned(0, 9);
    // then
    assertThat(handled.advanced(Map.of(0, 12L))).containsExactly(Map.entry(0, 12L));
  }
}
