package io.drsorch.schemas.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializer, deserializer and Kafka Streams serde for generated Avro classes, in the Confluent
 * wire format: a zero magic byte, the 4-byte big-endian schema id, then Avro binary. Schemas are
 * registered under the topic-name strategy subject ({@code <topic>-value} or {@code <topic>-key}).
 * Records written with an older schema are read through Avro schema resolution into the current
 * class, so consumers upgrade independently of producers.
 *
 * <p>Null means a tombstone, both ways.
 *
 * <p>Usable by class name in Kafka configs too: it then reads {@link #REGISTRY_URL_CONFIG} and
 * {@link #VALUE_TYPE_CONFIG} (or {@link #KEY_TYPE_CONFIG}) from the client configs.
 */
public class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** Base URL of a Confluent-compatible registry, e.g. {@code http://host:8081/apis/ccompat/v7}. */
  public static final String REGISTRY_URL_CONFIG = "schema.registry.url";

  /** Fully qualified generated class to read values into. */
  public static final String VALUE_TYPE_CONFIG = "specific.avro.value.type";

  /** Fully qualified generated class to read keys into. */
  public static final String KEY_TYPE_CONFIG = "specific.avro.key.type";

  private static final byte MAGIC_BYTE = 0;
  private static final int HEADER_LENGTH = 5;

  private SchemaRegistryClient registry;
  private Class<T> type;
  private Schema readerSchema;
  private boolean isKey;
  private final Map<Integer, SpecificDatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

  /**
   * Per topic, the schema last written there, its id and its writer. Asking the registry client
   * costs the schema's whole JSON text (built and hashed) per record: on the scheduler's hot path
   * that was a fifth of its time. A record's schema is its class's, one object, so an identity
   * check finds it.
   */
  private final Map<String, Writing<T>> writingByTopic = new ConcurrentHashMap<>();

  private record Writing<T>(Schema schema, int id, SpecificDatumWriter<T> writer) {}

  /** For Kafka to instantiate by class name; {@link #configure} must follow. */
  public AvroSerde() {}

  public AvroSerde(SchemaRegistryClient registry, Class<T> type, boolean isKey) {
    init(registry, type, isKey);
  }

  /** A value serde for {@code type} against the given registry. */
  public static <T extends SpecificRecord> AvroSerde<T> forValues(
      SchemaRegistryClient registry, Class<T> type) {
    return new AvroSerde<>(registry, type, false);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (registry != null) {
      return; // built programmatically: already configured
    }
    Object url = configs.get(REGISTRY_URL_CONFIG);
    String typeConfig = isKey ? KEY_TYPE_CONFIG : VALUE_TYPE_CONFIG;
    Object typeName = configs.get(typeConfig);
    if (url == null) {
      throw new IllegalArgumentException(REGISTRY_URL_CONFIG + " is not set");
    }
    if (typeName == null) {
      throw new IllegalArgumentException(typeConfig + " is not set");
    }
    try {
      Class<?> cls = Class.forName(typeName.toString());
      init(SchemaRegistryClient.shared(url.toString()), (Class<T>) cls, isKey);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(typeConfig + " names an unknown class: " + typeName, e);
    }
  }

  private void init(SchemaRegistryClient registry, Class<T> type, boolean isKey) {
    this.registry = registry;
    this.type = type;
    this.readerSchema = SpecificData.get().getSchema(type);
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    Schema schema = data.getSchema();
    Writing<T> writing = writingByTopic.get(topic);
    if (writing == null || writing.schema() != schema) {
      writing =
          new Writing<>(
              schema, registry.register(subject(topic), schema), new SpecificDatumWriter<>(schema));
      writingByTopic.put(topic, writing);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(writing.id()).array());
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writing.writer().write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot write " + schema.getFullName() + " to topic " + topic + ": " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length < HEADER_LENGTH) {
      throw new SerializationException(
          "record on topic " + topic + " is " + bytes.length + " bytes: too short for Avro");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte magic = buffer.get();
    if (magic != MAGIC_BYTE) {
      throw new SerializationException(
          "record on topic "
              + topic
              + " starts with byte "
              + magic
              + ", not the Avro magic byte 0");
    }
    int id = buffer.getInt();
    SpecificDatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot read record with schema id "
              + id
              + " on topic "
              + topic
              + " as "
              + type.getSimpleName()
              + ": "
              + e,
          e);
    }
  }

  private SpecificDatumReader<T> readerFor(int writerId) {
    Schema writer = registry.schemaById(writerId);
    return new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForClass(type));
  }

  private String subject(String topic) {
    return topic + (isKey ? "-key" : "-value");
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void close() {}
}
