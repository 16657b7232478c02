package io.drsorch.schemas.runtime;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a producer's transaction, or says that its outcome is unknown. A commit that timed out may
 * still complete on the broker, and the producer then accepts nothing but the same commit again (an
 * abort is refused: "the previous call timed out and must be retried"), so a timed-out commit is
 * retried, not aborted. When that keeps timing out, or an abort fails, nobody knows whether the
 * outputs and offsets were committed: {@link UnknownTransactionStateException} tells the loop to
 * start its producer and consumer afresh, which settles the transaction (a new producer with the
 * same transactional id finishes or aborts it) and reads again from the offsets really committed.
 */
public final class EndTransaction {

  private static final Logger LOG = LoggerFactory.getLogger(EndTransaction.class);

  /** How often a commit is tried while it times out; each try waits up to max.block.ms. */
  public static final int COMMIT_TRIES = 3;

  private EndTransaction() {}

  /**
   * Commits the open transaction.
   *
   * @throws UnknownTransactionStateException when it timed out {@link #COMMIT_TRIES} times
   */
  public static void commit(Producer<?, ?> producer) {
    for (int tries = 1; ; tries++) {
      try {
        producer.commitTransaction();
        return;
      } catch (TimeoutException e) {
        if (tries >= COMMIT_TRIES) {
          throw new UnknownTransactionStateException(
              "the commit timed out " + tries + " times: " + e, e);
        }
        LOG.warn("commit timed out ({}), trying again: {}", tries, e.toString());
      }
    }
  }

  /**
   * Aborts the open transaction after {@code failure}.
   *
   * @throws UnknownTransactionStateException when the abort failed too
   */
  public static void abort(Producer<?, ?> producer, Throwable failure) {
    try {
      producer.abortTransaction();
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e; // another instance took over, or we may not write: stop, as after any such failure
    } catch (RuntimeException e) {
      UnknownTransactionStateException unknown =
          new UnknownTransactionStateException("the abort after " + failure + " failed: " + e, e);
      unknown.addSuppressed(failure);
      throw unknown;
    }
  }

  /**
   * Whether a transaction committed is unknown, or the producer can no longer be used: only a new
   * producer (and reading again from the group's committed offsets) gets out of it.
   */
  public static final class UnknownTransactionStateException extends RuntimeException {
    public UnknownTransactionStateException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
