package io.drsorch.scheduler.gate;

import static io.drsorch.scheduler.gate.QuotaGateTest.launch;
import static io.drsorch.scheduler.gate.QuotaGateTest.release;
import static io.drsorch.scheduler.gate.QuotaGateTest.server;
import static io.drsorch.scheduler.gate.QuotaGateTest.servers;
import static io.drsorch.scheduler.gate.QuotaGateTest.single;
import static io.drsorch.scheduler.gate.QuotaGateTest.termination;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.GateLimit;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.scheduler.gate.QuotaGate.Outcome;
import io.drsorch.scheduler.store.StoreGateBook;
import io.drsorch.scheduler.store.StoredGateEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The gate's book in the store across versions: a book written by a version that counted jobs only
 * (its entries in that version's schema, read through Avro's schema resolution as a restore from
 * the changelog reads them) goes on under the new rules, and what waits in line leaves it exactly
 * as it came.
 */
class RestoredGateBookTest {

  private static final String GATE = "default/us-east-1";
  private static final char SEP = '\u0000';
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final Schema JOBS_ONLY = schema("/gate/StoredGateEntry-jobs-only.avsc");

  @Test
  void givenABookOfAVersionThatCountedJobsOnly_whenRestored_thenItsJobsAndLineHoldAndLocksStart() {
    // given: what that version stored with a quota of 2 jobs: a and b active, c (s-2) in line
    KeyValueStore<String, StoredGateEntry> store = store("jobs-only");
    store.put(GATE + SEP + 's', restored(summary(2, 1, 1L)));
    store.put(requestKey("e/a/1"), restored(request("ACTIVE", 1, 0L)));
    store.put(requestKey("e/b/1"), restored(request("ACTIVE", 1, 0L)));
    store.put(requestKey("e/c/1"), restored(request("QUEUED", 1, 0L)));
    store.put(GATE + SEP + 'q' + SEP + "0".repeat(19), restored(queuedLaunch("e/c/1", server(2))));
    QuotaGate gate = new QuotaGate(new JobQuota(2, 100));

    // when
    GateBook book = StoreGateBook.open(store, null, GATE);

    // then: its jobs and line are as they were; its active attempts count no server, lock none
    assertThat(book.activeJobs()).isEqualTo(2);
    assertThat(book.activeServers()).isZero();
    assertThat(book.line()).extracting(GateBook.Waiting::requestId).containsExactly("e/c/1");
    assertThat(book.status("e/a/1")).contains(GateBook.Status.ACTIVE);

    // and when a launch of c's server comes, it waits behind c
    Outcome d = gate.request(book, launch("e/d/1", List.of(server(2))), T0);
    assertThat(single(d).getPosition()).isEqualTo(2);

    // and when a ends, c goes (and locks s-2), so d at the head waits for s-2
    Outcome afterA = gate.release(StoreGateBook.open(store, null, GATE), release("e/a/1"), T0);
    assertThat(afterA.launches()).extracting(LaunchWave::getRequestId).containsExactly("e/c/1");
    assertThat(afterA.launches().get(0).getPointInTime()).isNull();
    assertThat(single(afterA).getWaitingFor()).isEqualTo(GateLimit.SERVER_LOCK);
    GateBook after = StoreGateBook.open(store, null, GATE);
    assertThat(after.activeServers()).isEqualTo(1);
    assertThat(after.locked(List.of(server(2)))).containsExactly(server(2));

    // and when c ends, d goes beside b
    Outcome afterC = gate.release(after, release("e/c/1"), T0);
    assertThat(afterC.launches()).extracting(LaunchWave::getRequestId).containsExactly("e/d/1");
    assertThat(StoreGateBook.open(store, null, GATE).activeJobs()).isEqualTo(2);
  }

  @Test
  void givenAPointInTimeLaunchAndATerminationInLine_whenLetThrough_thenTheyLeaveAsTheyCame() {
    // given: one job at a time, a launch active, a point-in-time launch and a termination waiting
    KeyValueStore<String, StoredGateEntry> store = store("exact");
    QuotaGate gate = new QuotaGate(new JobQuota(1, 100));
    LaunchWave pointInTime =
        LaunchWave.newBuilder(launch("e/pit/1", servers(1, 2)))
            .setPointInTime(T0.minusSeconds(3600))
            .setRoleArn("arn:aws:iam::111122223333:role/drs")
            .build();
    TerminateRecoveryInstances termination =
        TerminateRecoveryInstances.newBuilder(termination("e0/cleanup/us-east-1", 5, 7))
            .setCausationId("cleanup-1")
            .build();
    gate.request(StoreGateBook.open(store, null, GATE), launch("e/a/1", servers(0, 1)), T0);
    gate.request(StoreGateBook.open(store, null, GATE), pointInTime, T0);
    gate.request(StoreGateBook.open(store, null, GATE), termination, T0);

    // when
    Outcome first = gate.release(StoreGateBook.open(store, null, GATE), release("e/a/1"), T0);
    Outcome second = gate.release(StoreGateBook.open(store, null, GATE), release("e/pit/1"), T0);

    // then
    assertThat(first.launches()).containsExactly(pointInTime);
    assertThat(second.terminations()).containsExactly(termination);
    GateBook book = StoreGateBook.open(store, null, GATE);
    assertThat(book.locked(servers(0, 8))).containsExactly(server(5), server(6));
    assertThat(book.activeServers()).isEqualTo(2);
  }

  private static String requestKey(String requestId) {
    return GATE + SEP + 'r' + SEP + requestId;
  }

  private static GenericRecord summary(int activeJobs, int queued, long nextSeq) {
    Schema schema = branch(JOBS_ONLY.getField("summary").schema());
    GenericRecord summary =
        new GenericRecordBuilder(schema)
            .set("activeJobs", activeJobs)
            .set("queued", queued)
            .set("nextSeq", nextSeq)
            .build();
    return new GenericRecordBuilder(JOBS_ONLY).set("summary", summary).build();
  }

  private static GenericRecord request(String status, int jobs, long seq) {
    Schema schema = branch(JOBS_ONLY.getField("request").schema());
    GenericRecord request =
        new GenericRecordBuilder(schema)
            .set("status", new GenericData.EnumSymbol(schema.getField("status").schema(), status))
            .set("jobs", jobs)
            .set("seq", seq)
            .build();
    return new GenericRecordBuilder(JOBS_ONLY).set("request", request).build();
  }

  private static GenericRecord queuedLaunch(String requestId, String server) {
    String[] parts = requestId.split("/");
    Schema schema = branch(JOBS_ONLY.getField("queued").schema());
    GenericRecord launch =
        new GenericRecordBuilder(schema)
            .set("id", "launch-" + requestId)
            .set("executionId", parts[0])
            .set("occurredAt", T0.toEpochMilli())
            .set("waveId", parts[1])
            .set("attempt", Integer.parseInt(parts[2]))
            .set("region", "us-east-1")
            .set("sourceServerIds", List.of(server))
            .set("drill", true)
            .set("requestId", requestId)
            .set("jobs", 1)
            .build();
    return new GenericRecordBuilder(JOBS_ONLY).set("queued", launch).build();
  }

  /** The record branch of a {@code ["null", record]} union. */
  private static Schema branch(Schema union) {
    return union.getTypes().get(1);
  }

  /** An entry written in the jobs-only schema, read as the current class reads it. */
  private static StoredGateEntry restored(GenericRecord written) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(JOBS_ONLY).write(written, encoder);
      encoder.flush();
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
      return new SpecificDatumReader<StoredGateEntry>(
              JOBS_ONLY,
              StoredGateEntry.getClassSchema(),
              SpecificData.getForClass(StoredGateEntry.class))
          .read(null, decoder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Schema schema(String resource) {
    try (InputStream in = RestoredGateBookTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyValueStore<String, StoredGateEntry> store(String name) {
    KeyValueStore<String, StoredGateEntry> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), avro())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  /** Avro binary in the current schema, without a registry. */
  private static Serde<StoredGateEntry> avro() {
    SpecificDatumWriter<StoredGateEntry> writer = new SpecificDatumWriter<>(StoredGateEntry.class);
    SpecificDatumReader<StoredGateEntry> reader = new SpecificDatumReader<>(StoredGateEntry.class);
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
          try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
