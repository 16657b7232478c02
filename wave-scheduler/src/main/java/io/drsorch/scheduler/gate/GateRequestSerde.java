package io.drsorch.scheduler.gate;

import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.schemas.registry.AvroSerde;
import io.drsorch.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The values of the gate's requests topic ({@code drs.scheduler.launch-requests}): LaunchWave and,
 * since drill cleanups pass the gate too, TerminateRecoveryInstances. One topic keeps an account
 * and region's requests in the order the execution side wrote them, which is the order of the
 * gate's line; two topics would leave that order to Kafka Streams' choice between partitions.
 *
 * <p>A LaunchWave is written under the topic's value subject, as before, so launches written by an
 * earlier version and by this one read alike. A TerminateRecoveryInstances is written under a
 * subject of its own, {@code <topic>-io.drsorch.avro.TerminateRecoveryInstances} (the naming of
 * Confluent's TopicRecordNameStrategy), so that neither schema has to be an evolution of the other.
 * Both are in the Confluent wire format; a reader picks the class by the name of the writer schema
 * that the record's schema id stands for.
 */
public final class GateRequestSerde implements Serializer<Object>, Deserializer<Object> {

  private static final String TERMINATION =
      TerminateRecoveryInstances.getClassSchema().getFullName();
  private static final byte MAGIC_BYTE = 0;
  private static final int HEADER_LENGTH = 5;

  private final SchemaRegistryClient registry;
  private final AvroSerde<LaunchWave> launches;
  private final AvroSerde<TerminateRecoveryInstances> terminations;
  private final SpecificDatumWriter<TerminateRecoveryInstances> terminationWriter =
      new SpecificDatumWriter<>(TerminateRecoveryInstances.getClassSchema());

  public GateRequestSerde(SchemaRegistryClient registry) {
    this.registry = registry;
    this.launches = AvroSerde.forValues(registry, LaunchWave.class);
    this.terminations = AvroSerde.forValues(registry, TerminateRecoveryInstances.class);
  }

  /** The registry subject of the terminations written to {@code topic}. */
  public static String terminationSubject(String topic) {
    return topic + "-" + TERMINATION;
  }

  @Override
  public byte[] serialize(String topic, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof LaunchWave launch) {
      return launches.serialize(topic, launch);
    }
    if (value instanceof TerminateRecoveryInstances termination) {
      return write(topic, termination);
    }
    throw new SerializationException(
        "topic " + topic + " takes LaunchWave and TerminateRecoveryInstances, not " + value);
  }

  @Override
  public Object deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length >= HEADER_LENGTH && bytes[0] == MAGIC_BYTE) {
      int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
      if (TERMINATION.equals(registry.schemaById(id).getFullName())) {
        return terminations.deserialize(topic, bytes);
      }
    }
    // A launch, or a record that is neither: the launches' reader says what is wrong with it.
    return launches.deserialize(topic, bytes);
  }

  private byte[] write(String topic, TerminateRecoveryInstances termination) {
    int id = registry.register(terminationSubject(topic), termination.getSchema());
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      terminationWriter.write(termination, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot write a TerminateRecoveryInstances to topic " + topic + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Built with its registry: nothing to read from the client configs.
  }

  @Override
  public void close() {}
}
