package io.drsorch.scheduler.store;

import io.drsorch.scheduler.gate.GateBook;
import io.drsorch.scheduler.gate.GateCommand;
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
 * (see QuotaGateEntry.avsc): a summary (active jobs and servers, length of the line), one entry per
 * request known, one per request in line under a sequence number, one per source server locked by
 * an active request, and an index of releases by time. An input reads and writes a handful of
 * entries per server of its request, so its cost does not grow with the requests the gate holds or
 * remembers. Every change is written to the store at once (read-your-writes within the input; the
 * changelog and the input's offset commit together under exactly-once).
 *
 * <p>A book written before servers were counted reads as one whose active attempts hold no servers
 * and lock none (the new fields' defaults): they still hold their jobs, and free them when
 * released.
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
      return new StoreGateBook(store, gate, StoredGateSummary.newBuilder(s).build());
    }
    StoreGateBook book = new StoreGateBook(store, gate, new StoredGateSummary(0, 0, 0L, 0));
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
  public int activeServers() {
    return summary.getActiveServers();
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
  public List<String> locked(List<String> serverIds) {
    if (summary.getActiveServers() == 0) {
      // Only active requests lock, and one that locks a server counts it: nothing to look up.
      return List.of();
    }
    List<String> locked = new ArrayList<>();
    for (String serverId : serverIds) {
      StoredGateEntry entry = store.get(lockKey(serverId));
      if (entry != null && entry.getLockedBy() != null) {
        locked.add(serverId);
      }
    }
    return locked;
  }

  @Override
  public void activate(GateCommand command, int jobs) {
    hold(command.requestId(), jobs, command.servers(), command.serverIds());
    putSummary();
  }

  @Override
  public void enqueue(GateCommand command, int jobs) {
    long seq = summary.getNextSeq();
    store.put(queueKey(seq), GateCodec.toEntry(command, jobs));
    putRequest(command.requestId(), requestWith(StoredGateRequestStatus.QUEUED, jobs).setSeq(seq));
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
      Waiting waiting = GateCodec.fromEntry(head.value);
      GateCommand command = waiting.command();
      hold(command.requestId(), waiting.jobs(), command.servers(), command.serverIds());
      summary.setQueued(summary.getQueued() - 1);
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
      StoredGateRequest active = known.get();
      summary.setActiveJobs(summary.getActiveJobs() - active.getJobs());
      summary.setActiveServers(summary.getActiveServers() - active.getServers());
      // Its locks are its own: a server is locked only while no active request holds it.
      active.getLockedServerIds().forEach(serverId -> store.delete(lockKey(serverId)));
    } else if (known.isPresent()) {
      store.delete(queueKey(known.get().getSeq()));
      summary.setQueued(summary.getQueued() - 1);
    }
    putRequest(
        requestId,
        requestWith(
                StoredGateRequestStatus.RELEASED, known.map(StoredGateRequest::getJobs).orElse(0))
            .setReleasedAt(at));
    store.put(expiryKey(at, requestId), StoredGateEntry.newBuilder().build());
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

  /** {@code requestId} holds its jobs, servers and their locks from now on. */
  private void hold(String requestId, int jobs, int servers, List<String> serverIds) {
    putRequest(
        requestId,
        requestWith(StoredGateRequestStatus.ACTIVE, jobs)
            .setServers(servers)
            .setLockedServerIds(serverIds));
    for (String serverId : serverIds) {
      store.put(lockKey(serverId), StoredGateEntry.newBuilder().setLockedBy(requestId).build());
    }
    summary.setActiveJobs(summary.getActiveJobs() + jobs);
    summary.setActiveServers(summary.getActiveServers() + servers);
  }

  /** The earlier layout knew launches only, and no servers of its active attempts. */
  private void importLegacy(StoredGate old) {
    old.getActive().forEach(a -> hold(a.getRequestId(), a.getJobs(), 0, List.of()));
    putSummary();
    old.getQueue()
        .forEach(q -> enqueue(new GateCommand.Launch(GateCodec.fromStored(q)), q.getJobs()));
    old.getReleased().forEach(r -> release(r.getRequestId(), r.getAt()));
  }

  private static StoredGateRequest.Builder requestWith(StoredGateRequestStatus status, int jobs) {
    return StoredGateRequest.newBuilder().setStatus(status).setJobs(jobs);
  }

  private Optional<StoredGateRequest> request(String requestId) {
    StoredGateEntry entry = store.get(requestKey(requestId));
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.getRequest());
  }

  private void putRequest(String requestId, StoredGateRequest.Builder request) {
    store.put(
        requestKey(requestId), StoredGateEntry.newBuilder().setRequest(request.build()).build());
  }

  private void putSummary() {
    store.put(
        summaryKey(gate),
        StoredGateEntry.newBuilder()
            .setSummary(StoredGateSummary.newBuilder(summary).build())
            .build());
  }

  private static Waiting waiting(StoredGateEntry entry) {
    return GateCodec.fromEntry(entry);
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

  private String lockKey(String serverId) {
    return gate + SEP + 'l' + SEP + serverId;
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
