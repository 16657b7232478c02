package io.drsorch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MaybeLaunchedTest {

  private static final TopicPartition P0 = new TopicPartition("drs.wave-commands", 0);
  private static final TopicPartition P1 = new TopicPartition("drs.wave-commands", 1);

  @Test
  void givenANewlyAssignedPartition_whenRead_thenOnlyTheFirstBatchOfRecordsMayHaveLaunched() {
    // given a batch of 3, a partition committed at 10
    MaybeLaunched maybe = new MaybeLaunched(3);
    maybe.assigned(P0, 10, 100, new OffsetAndMetadata(10, maybe.metadata()));
    // when records are read, with gaps where transaction markers are
    // then the first three records may have been launched by the previous owner, the rest not
    assertThat(maybe.mayHaveLaunched(P0, 11)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 13)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 15)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 17)).isFalse();
    assertThat(maybe.mayHaveLaunched(P0, 18)).isFalse();
    // and the same records read again still may have
    assertThat(maybe.mayHaveLaunched(P0, 13)).isTrue();
    // and a partition not assigned has nothing to fear
    assertThat(maybe.mayHaveLaunched(P1, 0)).isFalse();
  }

  @Test
  void givenAPreviousOwnerWithLargerBatches_whenAssigned_thenItsBatchBoundIsUsed() {
    // given the committed offset says its owner polled up to 5 records at a time
    MaybeLaunched maybe = new MaybeLaunched(2);
    maybe.assigned(P0, 0, 100, new OffsetAndMetadata(0, MaybeLaunched.BATCH_METADATA + 5));
    // then five records are searched, not two
    for (long offset = 0; offset < 5; offset++) {
      assertThat(maybe.mayHaveLaunched(P0, offset)).as("offset %d", offset).isTrue();
    }
    assertThat(maybe.mayHaveLaunched(P0, 5)).isFalse();
  }

  @Test
  void givenNoCommittedOffsetOrForeignMetadata_whenAssigned_thenItsOwnBatchBoundIsUsed() {
    MaybeLaunched fresh = new MaybeLaunched(1);
    fresh.assigned(P0, 0, 100, null);
    assertThat(fresh.mayHaveLaunched(P0, 0)).isTrue();
    assertThat(fresh.mayHaveLaunched(P0, 1)).isFalse();
    assertThat(MaybeLaunched.statedBatch(new OffsetAndMetadata(3, "something else"))).isZero();
    assertThat(MaybeLaunched.statedBatch(new OffsetAndMetadata(3, "max.poll.records=x"))).isZero();
  }

  @Test
  void givenRecordsWrittenAfterTheAssignment_whenRead_thenNoneMayHaveLaunchedBefore() {
    // given a partition assigned when its end was 12: records 10 and 11 existed, 12 on did not
    MaybeLaunched maybe = new MaybeLaunched(20);
    maybe.assigned(P0, 10, 12, null);
    // then only those two may have been read (and launched) by a previous owner
    assertThat(maybe.mayHaveLaunched(P0, 10)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 11)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 12)).isFalse();
    assertThat(maybe.mayHaveLaunched(P0, 13)).isFalse();
    // and a launcher restarted on an idle partition searches for nothing
    maybe.assigned(P1, 40, 40, null);
    assertThat(maybe.mayHaveLaunched(P1, 40)).isFalse();
  }

  @Test
  void givenRecordsLaunchedButNotCommitted_whenReadAgain_thenEachMayHaveLaunched() {
    // given a partition past its first batch, whose poll of 20..24 was launched but not committed
    MaybeLaunched maybe = new MaybeLaunched(1);
    maybe.assigned(P0, 0, 100, null);
    assertThat(maybe.mayHaveLaunched(P0, 0)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 20)).isFalse();
    maybe.notCommitted(P0, 24);
    // then reading them again searches first, and what follows them does not
    assertThat(maybe.mayHaveLaunched(P0, 20)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 24)).isTrue();
    assertThat(maybe.mayHaveLaunched(P0, 25)).isFalse();
    // and once the partition is revoked, its next owner decides for itself
    maybe.revoked(P0);
    assertThat(maybe.mayHaveLaunched(P0, 20)).isFalse();
  }
}
