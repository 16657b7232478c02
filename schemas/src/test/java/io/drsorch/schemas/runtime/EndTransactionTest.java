package io.drsorch.schemas.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.schemas.runtime.EndTransaction.UnknownTransactionStateException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** How the watcher's dead-letter transactions end when a commit times out or an abort fails. */
class EndTransactionTest {

  private final FlakyProducer producer = new FlakyProducer();

  @Test
  void givenACommitThatTimesOutOnce_whenCommitted_thenItIsTriedAgainAndCommits() {
    // given
    producer.beginTransaction();
    producer.commitTimeouts = 1;
    // when
    EndTransaction.commit(producer);
    // then
    assertThat(producer.commits).isEqualTo(2);
    assertThat(producer.transactionCommitted()).isTrue();
  }

  @Test
  void givenACommitThatKeepsTimingOut_whenCommitted_thenTheStateIsUnknown() {
    // given
    producer.beginTransaction();
    producer.commitTimeouts = EndTransaction.COMMIT_TRIES;
    // when, then
    assertThatThrownBy(() -> EndTransaction.commit(producer))
        .isInstanceOf(UnknownTransactionStateException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    assertThat(producer.commits).isEqualTo(EndTransaction.COMMIT_TRIES);
  }

  @Test
  void givenAnAbortThatFails_whenAborted_thenTheStateIsUnknownNotTheAbortsException() {
    // given
    producer.beginTransaction();
    KafkaException failure = new KafkaException("letters not sent");
    producer.abortTransactionException = new IllegalStateException("must be retried");
    // when, then
    assertThatThrownBy(() -> EndTransaction.abort(producer, failure))
        .isInstanceOf(UnknownTransactionStateException.class)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasSuppressedException(failure);
  }

  @Test
  void givenAnotherInstanceTookOver_whenAborted_thenFencingStillStopsTheLoop() {
    // given
    producer.beginTransaction();
    producer.abortTransactionException = new ProducerFencedException("fenced");
    // when, then
    assertThatThrownBy(() -> EndTransaction.abort(producer, new KafkaException("x")))
        .isInstanceOf(ProducerFencedException.class);
  }

  /** A producer whose commits time out a given number of times. */
  private static final class FlakyProducer extends MockProducer<byte[], byte[]> {
    int commitTimeouts;
    int commits;

    FlakyProducer() {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
      initTransactions();
    }

    @Override
    public void commitTransaction() {
      commits++;
      if (commitTimeouts > 0) {
        commitTimeouts--;
        throw new TimeoutException("Timeout expired while awaiting EndTxn(true)");
      }
      super.commitTransaction();
    }
  }
}
