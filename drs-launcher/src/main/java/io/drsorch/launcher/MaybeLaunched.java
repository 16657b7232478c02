package io.drsorch.launcher;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which commands may already have reached DRS without their answer being committed: only those need
 * a search for the jobs their wave has before launching; every other command is launched straight
 * away.
 *
 * <p>Two ways a command can be read again after it was launched:
 *
 * <ul>
 *   <li>This instance launched it and did not commit its answer (the transaction failed, or an
 *       earlier record of its partition must be read again): every record of that poll's partition
 *       is marked ({@link #notCommitted}).
 *   <li>A previous owner of the partition (crashed, killed, or fenced) launched it. Each poll of
 *       the launcher starts at its partitions' committed offsets and returns at most {@link
 *       #BATCH_METADATA max.poll.records} records, all answered in one transaction; so what a
 *       previous owner may have launched unanswered is at most that many records from the committed
 *       offset, and only records that existed before the partition came to this instance (below its
 *       end offset then). The committed offsets say the batch size (their metadata), for owners
 *       configured differently; the larger of theirs and ours is used ({@link #assigned}). A
 *       launcher restarted on an idle topic therefore searches for nothing.
 * </ul>
 *
 * <p>Records are counted, not offsets: transaction markers and aborted records take offsets too.
 * Only the consumer thread uses it.
 */
final class MaybeLaunched {

  /** The metadata of every offset the launcher commits: the batch bound a successor relies on. */
  static final String BATCH_METADATA = "max.poll.records=";

  private final int batch;
  private final Map<TopicPartition, Window> windows = new HashMap<>();

  MaybeLaunched(int batch) {
    this.batch = batch;
  }

  /** What the launcher writes as the metadata of its committed offsets. */
  String metadata() {
    return BATCH_METADATA + batch;
  }

  /**
   * A partition newly assigned: the first records read from {@code position} (its committed offset)
   * may have been launched by its previous owner, if they are below {@code endOffset} (the
   * partition's end, as this consumer reads it, when it was assigned).
   */
  void assigned(
      TopicPartition partition, long position, long endOffset, OffsetAndMetadata committed) {
    int bound = Math.max(batch, statedBatch(committed));
    windows.put(partition, new Window(position, bound, endOffset));
  }

  void revoked(TopicPartition partition) {
    windows.remove(partition);
  }

  /**
   * Whether the record, read in offset order within its partition, may have been launched before.
   */
  boolean mayHaveLaunched(TopicPartition partition, long offset) {
    Window window = windows.get(partition);
    if (window == null) {
      return false;
    }
    if (offset < window.until) {
      return true;
    }
    if (window.uncounted > 0 && offset < window.existedBefore) {
      window.uncounted--;
      window.until = offset + 1;
      return true;
    }
    return false;
  }

  /** Records up to {@code lastOffset} were handled (and may have launched) but not committed. */
  void notCommitted(TopicPartition partition, long lastOffset) {
    Window window = windows.computeIfAbsent(partition, p -> new Window(0, 0, 0));
    window.until = Math.max(window.until, lastOffset + 1);
  }

  /** The batch bound in a committed offset's metadata; 0 when none is stated. */
  static int statedBatch(OffsetAndMetadata committed) {
    if (committed == null || committed.metadata() == null) {
      return 0;
    }
    String metadata = committed.metadata();
    if (!metadata.startsWith(BATCH_METADATA)) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(metadata.substring(BATCH_METADATA.length())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Per partition: offsets below {@code until} may have launched; {@code uncounted} more records
   * read from there may have too, if below {@code existedBefore}.
   */
  private static final class Window {
    long until;
    int uncounted;
    final long existedBefore;

    Window(long until, int uncounted, long existedBefore) {
      this.until = until;
      this.uncounted = uncounted;
      this.existedBefore = existedBefore;
    }
  }
}
