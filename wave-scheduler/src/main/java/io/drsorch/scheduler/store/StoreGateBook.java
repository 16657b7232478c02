package io.drsorch.scheduler.store;

import io.drsorch.avro.LaunchWave;
import io.drsorch.scheduler.gate.GateBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The quota gate's book of one account and region in the scheduler's store, one small entry per key
 * (see QuotaGateEntry.avsc): a summary (active jobs, length of the line), one entry per attempt
 * known, one per launch in line under a sequence number, and an index of releases by time. An input
 * reads and writes a handful of entries, so its cost does not grow with the attempts the gate holds
 * or remembers. Every change is written to the store at once (read-your-writes within the input;
 * the changelog and the input's offset commit together under exactly-once).
 *
 * <p>A gate written by an earlier version (one {@link StoredGate} record per account and region,
 * re-written whole at every input) is moved into this layout on its first input here, and its old
 * record deleted.
 */
public final class StoreGateBook implements GateBook {

  private static final char SEP = '\u0000';
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, StoredGateEntry> store;
  private final String gate;
  private final StoredGateSummary summary;

  private StoreGateBook(
      KeyValueStore<String, StoredGateEntry> store, String gate, StoredGateSummary summary) {
    this.store = store;
    this.gate = gate;
    this.summary = summary;
  }

  /**
   * The book of {@code gate} ({@code accountId/region}).
   *
   * @param legacy the store of the earlier layout, whose record of this gate is moved here; null
   *     for none
   */
  public static StoreGateBook open(
      KeyValueStore<String, StoredGateEntry> store,
      KeyValueStore<String, StoredGate> legacy,
      String gate) {
    StoredGateEntry entry = store.get(summaryKey(gate));
    if (entry != null && entry.getSummary() != null) {
      StoredGateSummary s = entry.getSummary();
      return new StoreGateBook(
          store, gate, new StoredGateSummary(s.getActiveJobs(), s.getQueued(), s.getNextSeq()));
    }
    StoreGateBook book = new StoreGateBook(store, gate, new StoredGateSummary(0, 0, 0L));
    StoredGate old = legacy == null ? null : legacy.get(gate);
    if (old != null) {
      book.importLegacy(old);
      legacy.delete(gate);
    }
    return book;
  }

  @Override
  public Optional<Status> status(String requestId) {
    return request(requestId).map(r -> Status.valueOf(r.getStatus().name()));
  }

  @Override
  public int activeJobs() {
    return summary.getActiveJobs();
  }

  @Override
  public int queued() {
    return summary.getQueued();
  }

  @Override
  public Optional<Waiting> head() {
    if (summary.getQueued() == 0) {
      return Optional.empty();
    }
    try (KeyValueIterator<String, StoredGateEntry> it = store.prefixScan(queuePrefix(), KEYS)) {
      return it.hasNext() ? Optional.of(waiting(it.next().value)) : Optional.empty();
    }
  }

  @Override
  public List<Waiting> line() {
    List<Waiting> line = new ArrayList<>(summary.getQueued());
    if (summary.getQueued() == 0) {
      return line;
    }
    try (KeyValueIterator<String, StoredGateEntry> it = store.prefixScan(queuePrefix(), KEYS)) {
      it.forEachRemaining(kv -> line.add(waiting(kv.value)));
    }
    return line;
  }

  @Override
  public void activate(String requestId, int jobs) {
    putRequest(requestId, new StoredGateRequest(StoredGateRequestStatus.ACTIVE, jobs, 0L, null));
    summary.setActiveJobs(summary.getActiveJobs() + jobs);
    putSummary();
  }

  @Override
  public void enqueue(LaunchWave launch, int jobs) {
    long seq = summary.getNextSeq();
    store.put(queueKey(seq), new StoredGateEntry(null, null, GateCodec.toStored(launch, jobs)));
    putRequest(
        launch.getRequestId(),
        new StoredGateRequest(StoredGateRequestStatus.QUEUED, jobs, seq, null));
    summary.setNextSeq(seq + 1);
    summary.setQueued(summary.getQueued() + 1);
    putSummary();
  }

  @Override
  public void activateHead() {
    try (KeyValueIterator<String, StoredGateEntry> it = store.prefixScan(queuePrefix(), KEYS)) {
      if (!it.hasNext()) {
        throw new IllegalStateException("the line of " + gate + " is empty");
      }
      KeyValue<String, StoredGateEntry> head = it.next();
      store.delete(head.key);
      StoredLaunch launch = head.value.getQueued();
      putRequest(
          launch.getRequestId(),
          new StoredGateRequest(StoredGateRequestStatus.ACTIVE, launch.getJobs(), 0L, null));
      summary.setQueued(summary.getQueued() - 1);
      summary.setActiveJobs(summary.getActiveJobs() + launch.getJobs());
      putSummary();
    }
  }

  @Override
  public void release(String requestId, Instant at) {
    Optional<StoredGateRequest> known = request(requestId);
    if (known.isPresent() && known.get().getStatus() == StoredGateRequestStatus.RELEASED) {
      return;
    }
    if (known.isPresent() && known.get().getStatus() == StoredGateRequestStatus.ACTIVE) {
      summary.setActiveJobs(summary.getActiveJobs() - known.get().getJobs());
    } else if (known.isPresent()) {
      store.delete(queueKey(known.get().getSeq()));
      summary.setQueued(summary.getQueued() - 1);
    }
    putRequest(
        requestId,
        new StoredGateRequest(
            StoredGateRequestStatus.RELEASED,
            known.map(StoredGateRequest::getJobs).orElse(0),
            0L,
            at));
    store.put(expiryKey(at, requestId), new StoredGateEntry(null, null, null));
    putSummary();
  }

  @Override
  public void forgetReleasedBefore(Instant horizon, int atMost) {
    String prefix = expiryPrefix();
    String bound = prefix + padded(horizon.toEpochMilli());
    List<String> expired = new ArrayList<>(atMost);
    try (KeyValueIterator<String, StoredGateEntry> it = store.prefixScan(prefix, KEYS)) {
      while (expired.size() < atMost && it.hasNext()) {
        String key = it.next().key;
        if (key.compareTo(bound) >= 0) {
          break;
        }
        expired.add(key);
      }
    }
    for (String key : expired) {
      store.delete(key);
      // The index key ends with SEP + requestId after the time.
      store.delete(requestKey(key.substring(prefix.length() + 20)));
    }
  }

  private void importLegacy(StoredGate old) {
    old.getActive().forEach(a -> activate(a.getRequestId(), a.getJobs()));
    old.getQueue().forEach(q -> enqueue(GateCodec.fromStored(q), q.getJobs()));
    old.getReleased().forEach(r -> release(r.getRequestId(), r.getAt()));
  }

  private Optional<StoredGateRequest> request(String requestId) {
    StoredGateEntry entry = store.get(requestKey(requestId));
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.getRequest());
  }

  private void putRequest(String requestId, StoredGateRequest request) {
    store.put(requestKey(requestId), new StoredGateEntry(null, request, null));
  }

  private void putSummary() {
    store.put(
        summaryKey(gate),
        new StoredGateEntry(
            new StoredGateSummary(
                summary.getActiveJobs(), summary.getQueued(), summary.getNextSeq()),
            null,
            null));
  }

  private static Waiting waiting(StoredGateEntry entry) {
    StoredLaunch launch = entry.getQueued();
    return new Waiting(GateCodec.fromStored(launch), launch.getJobs());
  }

  private static String summaryKey(String gate) {
    return gate + SEP + 's';
  }

  private String requestKey(String requestId) {
    return gate + SEP + 'r' + SEP + requestId;
  }

  private String queuePrefix() {
    return gate + SEP + 'q' + SEP;
  }

  private String queueKey(long seq) {
    return queuePrefix() + padded(seq);
  }

  private String expiryPrefix() {
    return gate + SEP + 'x' + SEP;
  }

  private String expiryKey(Instant at, String requestId) {
    return expiryPrefix() + padded(at.toEpochMilli()) + SEP + requestId;
  }

  /** 19 digits, so that the store's byte order is the numbers' order. */
  private static String padded(long n) {
    String digits = Long.toString(Math.max(0, n));
    return "0".repeat(19 - digits.length()) + digits;
  }
}
