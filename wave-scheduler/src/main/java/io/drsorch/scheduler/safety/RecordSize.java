package io.drsorch.scheduler.safety;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The size of a record's value as the scheduler writes it: the Avro binary encoding and the 5-byte
 * Confluent header (magic byte and schema id). Counted without keeping the bytes and without the
 * registry, so measuring a record costs one pass over it.
 */
public final class RecordSize {

  /** Magic byte and 4-byte schema id in front of every value (Confluent wire format). */
  static final int WIRE_HEADER_BYTES = 5;

  /** One writer per record class: building one per measure showed in the scheduler's profile. */
  private static final ClassValue<SpecificDatumWriter<SpecificRecord>> WRITERS =
      new ClassValue<>() {
        @Override
        protected SpecificDatumWriter<SpecificRecord> computeValue(Class<?> type) {
          return new SpecificDatumWriter<>(SpecificData.get().getSchema(type));
        }
      };

  private RecordSize() {}

  public static int of(SpecificRecord value) {
    Counter counter = new Counter();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
    try {
      WRITERS.get(value.getClass()).write(value, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a counter does not fail
    }
    return WIRE_HEADER_BYTES + counter.bytes;
  }

  private static final class Counter extends OutputStream {
    private int bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
