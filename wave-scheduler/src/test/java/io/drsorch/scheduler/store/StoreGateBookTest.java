package io.drsorch.scheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.scheduler.gate.GateBook;
import io.drsorch.scheduler.gate.GateBook.Waiting;
import io.drsorch.scheduler.gate.GateCommand;
import io.drsorch.scheduler.gate.JobQuota;
import io.drsorch.scheduler.gate.MemoryGateBook;
import io.drsorch.scheduler.gate.QuotaGate;
import io.drsorch.scheduler.gate.QuotaGate.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The store's book against the plain one: the same random inputs through {@link QuotaGate} give the
 * same launches, deferrals and book, step by step, terminations locking the launches' servers,
 * repeats, releases that overtake their request and releases forgotten after a week included.
 */
class StoreGateBookTest {

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final String GATE = "111122223333/us-east-1";

  @Test
  void givenRandomRequestsAndReleases_whenDecidedOnBothBooks_thenEveryOutcomeAndStepIsTheSame() {
    for (int seed = 0; seed < 60; seed++) {
      Random random = new Random(seed);
      JobQuota quota =
          new JobQuota(1 + random.nextInt(6), 1 + random.nextInt(3), 1 + random.nextInt(12));
      QuotaGate gate = new QuotaGate(quota);
      KeyValueStore<String, StoredGateEntry> store = store("gate-" + seed);
      MemoryGateBook model = new MemoryGateBook();
      List<String> requested = new ArrayList<>();
      Instant now = T0;
      for (int step = 0; step < 300; step++) {
        now = now.plus(Duration.ofMinutes(random.nextInt(10) == 0 ? 60 * 24 * 3 : 1));
        GateBook book = StoreGateBook.open(store, null, GATE);
        Outcome expected;
        Outcome actual;
        if (requested.isEmpty() || random.nextInt(5) < 2) {
          // a new attempt, or a repeat of an old one
          String id =
              !requested.isEmpty() && random.nextInt(6) == 0
                  ? requested.get(random.nextInt(requested.size()))
                  : "exec-" + seed + "/w" + step + "/1";
          requested.add(id);
          if (random.nextInt(4) == 0) {
            // a drill cleanup's termination, locking servers the launches also name
            TerminateRecoveryInstances termination = termination(id, 1 + random.nextInt(4), now);
            expected = gate.request(model, termination, now);
            actual = gate.request(book, termination, now);
          } else {
            LaunchWave launch = launch(id, 1 + random.nextInt(7), now);
            expected = gate.request(model, launch, now);
            actual = gate.request(book, launch, now);
          }
        } else {
          // the release of a known attempt, or of one whose request is still to come
          String id =
              random.nextInt(8) == 0
                  ? "exec-" + seed + "/w" + (step + 1) + "/1"
                  : requested.get(random.nextInt(requested.size()));
          JobSlotsReleased release = release(id, now);
          expected = gate.release(model, release, now);
          actual = gate.release(book, release, now);
        }
        assertThat(actual).as("seed %d step %d", seed, step).isEqualTo(expected);
        assertSameBook(StoreGateBook.open(store, null, GATE), model, requested, seed, step);
      }
    }
  }

  @Test
  void givenAGateOfTheEarlierLayout_whenItsFirstInputComes_thenItIsMovedWholeAndTheOldOneDeleted() {
    // given: a gate of the earlier layout with two active attempts, two in line, one released
    KeyValueStore<String, StoredGateEntry> store = store("moved");
    KeyValueStore<String, StoredGate> legacy = legacyStore("legacy");
    LaunchWave third = launch("e/w3/1", 1, T0);
    LaunchWave fourth = launch("e/w4/1", 2, T0);
    legacy.put(
        GATE,
        StoredGate.newBuilder()
            .setActive(List.of(new StoredSlot("e/w1/1", "e", 1), new StoredSlot("e/w2/1", "e", 1)))
            .setQueue(List.of(GateCodec.toStored(third, 1), GateCodec.toStored(fourth, 1)))
            .setReleased(List.of(new StoredRelease("e/w0/1", T0)))
            .build());

    // when
    GateBook book = StoreGateBook.open(store, legacy, GATE);
    Outcome outcome =
        new QuotaGate(new JobQuota(2, 100)).release(book, release("e/w1/1", T0.plusSeconds(5)), T0);

    // then
    assertThat(legacy.get(GATE)).isNull();
    assertThat(outcome.launches()).containsExactly(third);
    assertThat(outcome.deferrals())
        .singleElement()
        .satisfies(d -> assertThat(d.getPosition()).isEqualTo(1));
    GateBook moved = StoreGateBook.open(store, legacy, GATE);
    assertThat(moved.activeJobs()).isEqualTo(2);
    assertThat(moved.line())
        .extracting(Waiting::command)
        .containsExactly(new GateCommand.Launch(fourth));
    assertThat(moved.activeServers())
        .as("the attempt moved counts no server, the launch let through its one")
        .isEqualTo(1);
    assertThat(moved.status("e/w0/1")).contains(GateBook.Status.RELEASED);
    assertThat(moved.status("e/w1/1")).contains(GateBook.Status.RELEASED);
    assertThat(moved.status("e/w2/1")).contains(GateBook.Status.ACTIVE);
    assertThat(moved.status("e/w3/1")).contains(GateBook.Status.ACTIVE);
  }

  @Test
  void givenThousandsOfAttemptsReleased_whenAnotherComes_thenItReadsAndWritesAFewEntriesOnly() {
    // given
    Counting counting = new Counting();
    KeyValueStore<String, StoredGateEntry> store = counting.wrap(store("many"));
    QuotaGate gate = new QuotaGate(new JobQuota(1000, 100));
    for (int i = 0; i < 3000; i++) {
      GateBook book = StoreGateBook.open(store, null, GATE);
      gate.request(book, launch("e" + i + "/w/1", 1, T0), T0);
      gate.release(book, release("e" + i + "/w/1", T0), T0);
    }
    counting.reads = 0;
    counting.writes = 0;

    // when
    GateBook book = StoreGateBook.open(store, null, GATE);
    gate.request(book, launch("last/w/1", 1, T0), T0);

    // then: the summary and the attempt read (no lock looked up: no server is in an active job),
    // the attempt, the lock of its one server and the summary written, and one look at the oldest
    // release
    assertThat(counting.reads).isEqualTo(3);
    assertThat(counting.writes).isEqualTo(3);
  }

  /** Counts the reads (get, prefixScan) and writes (put, delete) made through a store. */
  private static final class Counting {
    int reads;
    int writes;

    @SuppressWarnings("unchecked")
    KeyValueStore<String, StoredGateEntry> wrap(KeyValueStore<String, StoredGateEntry> store) {
      return (KeyValueStore<String, StoredGateEntry>)
          Proxy.newProxyInstance(
              KeyValueStore.class.getClassLoader(),
              new Class<?>[] {KeyValueStore.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "get", "prefixScan", "range", "all" -> reads++;
                  case "put", "delete", "putIfAbsent", "putAll" -> writes++;
                  default -> {}
                }
                try {
                  return method.invoke(store, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }

  private static void assertSameBook(
      GateBook actual, MemoryGateBook model, List<String> requested, int seed, int step) {
    String where = "seed " + seed + " step " + step;
    assertThat(actual.activeJobs()).as(where).isEqualTo(model.activeJobs());
    assertThat(actual.activeServers()).as(where).isEqualTo(model.activeServers());
    List<String> servers = servers(10);
    assertThat(actual.locked(servers)).as(where).isEqualTo(model.locked(servers));
    assertThat(actual.queued()).as(where).isEqualTo(model.queued());
    assertThat(actual.line()).as(where).isEqualTo(model.line());
    assertThat(actual.head()).as(where).isEqualTo(model.head());
    for (String id : requested) {
      assertThat(actual.status(id)).as(where + " " + id).isEqualTo(model.status(id));
    }
  }

  private static LaunchWave launch(String requestId, int servers, Instant at) {
    String[] parts = requestId.split("/");
    return LaunchWave.newBuilder()
        .setId("launch-" + requestId)
        .setExecutionId(parts[0])
        .setOccurredAt(at)
        .setCausationId(null)
        .setWaveId(parts[1])
        .setAttempt(Integer.parseInt(parts[2]))
        .setRegion("us-east-1")
        .setAccountId("111122223333")
        .setRoleArn(null)
        .setSourceServerIds(servers(servers))
        .setDrill(true)
        .setRequestId(requestId)
        .build();
  }

  /** A termination of {@code instances} instances of the servers the launches name first. */
  private static TerminateRecoveryInstances termination(
      String requestId, int instances, Instant at) {
    return TerminateRecoveryInstances.newBuilder()
        .setId("terminate-" + requestId)
        .setExecutionId(requestId.split("/")[0])
        .setOccurredAt(at)
        .setRequestId(requestId)
        .setRegion("us-east-1")
        .setAccountId("111122223333")
        .setRecoveryInstanceIds(
            IntStream.range(0, instances).mapToObj(i -> String.format("i-%017d", i)).toList())
        .setSourceServerIds(servers(instances))
        .build();
  }

  private static List<String> servers(int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("s-%017d", i)).toList();
  }

  private static JobSlotsReleased release(String requestId, Instant at) {
    return JobSlotsReleased.newBuilder()
        .setId("release-" + requestId + "-" + at.toEpochMilli())
        .setExecutionId(requestId.split("/")[0])
        .setOccurredAt(at)
        .setCausationId(null)
        .setWaveId(requestId.split("/")[1])
        .setAttempt(Integer.parseInt(requestId.split("/")[2]))
        .setRequestId(requestId)
        .setAccountId("111122223333")
        .setRegion("us-east-1")
        .build();
  }

  private static KeyValueStore<String, StoredGateEntry> store(String name) {
    return init(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), avro(StoredGateEntry.class))
            .withLoggingDisabled()
            .build());
  }

  private static KeyValueStore<String, StoredGate> legacyStore(String name) {
    return init(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name), Serdes.String(), avro(StoredGate.class))
            .withLoggingDisabled()
            .build());
  }

  private static <V> KeyValueStore<String, V> init(KeyValueStore<String, V> store) {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  /** Avro binary without a registry: the book's logic, not the registry, is under test here. */
  private static <T extends SpecificRecord> Serde<T> avro(Class<T> type) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    return Serdes.serdeFrom(
        (topic, value) -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
          try {
            writer.write(value, encoder);
            encoder.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return out.toByteArray();
        },
        (topic, bytes) -> {
          BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
          try {
            return reader.read(null, decoder);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
