package io.drsorch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.avro.JobStatus;
import io.drsorch.avro.JobStatusChanged;
import io.drsorch.avro.LaunchStatus;
import io.drsorch.avro.ServerLaunch;
import io.drsorch.avro.WaveEvent;
import io.drsorch.schemas.topics.Topic;
import io.drsorch.schemas.topics.Topics;
import io.drsorch.testsupport.SchemaRegistryProcess;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serde against a real Confluent-compatible registry (Apicurio's ccompat API). */
class AvroSerdeRegistryTest {

  private static String url;

  @BeforeAll
  static void startRegistry() {
    url = SchemaRegistryProcess.shared().url();
  }

  @Test
  void givenARecord_whenSerialized_thenConfluentWireFormatWithTheRegisteredId() throws Exception {
    // given
    SchemaRegistryClient client = new SchemaRegistryClient(url);
    Topic<ExecutionRequested> topic = Topic.bind(Topics.EXECUTION_REQUESTS, client);
    ExecutionRequested request = sampleRequest();

    // when
    byte[] bytes = topic.value().serializer().serialize(topic.name(), request);

    // then: magic byte 0, then the id the registry holds for the topic's value subject
    assertThat(bytes[0]).isEqualTo((byte) 0);
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    String latest =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(url + "/subjects/drs.execution-requests-value/versions/latest"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(latest).contains("\"id\":" + id);
    assertThat(topic.value().deserializer().deserialize(topic.name(), bytes)).isEqualTo(request);
  }

  @Test
  void givenAnEnvelopeWithAUnion_whenRoundTripped_thenTheConcreteEventComesBack() {
    // given
    Topic<WaveEvent> topic = Topic.bind(Topics.WAVE_EVENTS, new SchemaRegistryClient(url));
    JobStatusChanged changed =
        JobStatusChanged.newBuilder()
            .setId(UUID.randomUUID().toString())
            .setExecutionId("exec-1")
            .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .setWaveId("db")
            .setAttempt(1)
            .setJobId("drsjob-0123456789abcdefg")
            .setStatus(JobStatus.STARTED)
            .setServers(
                List.of(
                    ServerLaunch.newBuilder()
                        .setSourceServerId("s-0123456789abcdefg")
                        .setLaunchStatus(LaunchStatus.IN_PROGRESS)
                        .build()))
            .build();

    // when
    byte[] bytes = topic.value().serializer().serialize(topic.name(), new WaveEvent(changed));
    WaveEvent back = topic.value().deserializer().deserialize(topic.name(), bytes);

    // then
    assertThat(back.getEvent()).isEqualTo(changed);
  }

  @Test
  void givenDataWrittenWithAnOlderSchema_whenRead_thenNewFieldsTakeTheirDefaults()
      throws Exception {
    // given: an older ExecutionRequested, before requestedBy existed, registered and written
    String subject = "evolution-" + UUID.randomUUID() + "-value";
    Schema current = ExecutionRequested.getClassSchema();
    Schema older = withoutField(current, "requestedBy");
    SchemaRegistryClient client = new SchemaRegistryClient(url);
    int olderId = client.register(subject, older);
    GenericRecord old = new GenericData.Record(older);
    ExecutionRequested sample = sampleRequest();
    for (Schema.Field field : older.getFields()) {
      old.put(field.name(), GenericData.get().deepCopy(field.schema(), toGeneric(sample, field)));
    }
    byte[] bytes = wire(olderId, older, old);

    // when: a fresh client (empty cache) reads it as the current class
    ExecutionRequested read =
        new AvroSerde<>(new SchemaRegistryClient(url), ExecutionRequested.class, false)
            .deserialize(subject.replace("-value", ""), bytes);

    // then
    assertThat(read.getPlanId()).isEqualTo("plan-1");
    assertThat(read.getRequestedBy()).isEqualTo("unknown");
  }

  @Test
  void givenBytesThatAreNotAvro_whenDeserialized_thenTheErrorSaysWhy() {
    // given
    AvroSerde<ExecutionRequested> serde =
        AvroSerde.forValues(new SchemaRegistryClient(url), ExecutionRequested.class);

    // then
    assertThatThrownBy(() -> serde.deserialize("t", "{\"json\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not the Avro magic byte");
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {0, 0, 0x7f, 0, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id");
  }

  @Test
  void givenNull_whenSerialized_thenTombstone() {
    AvroSerde<ExecutionRequested> serde =
        AvroSerde.forValues(new SchemaRegistryClient(url), ExecutionRequested.class);
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void givenKafkaStyleConfig_whenConfiguredByClassName_thenItWorks() {
    // given
    AvroSerde<ExecutionRequested> serde = new AvroSerde<>();
    serde.configure(
        Map.of(
            AvroSerde.REGISTRY_URL_CONFIG,
            url,
            AvroSerde.VALUE_TYPE_CONFIG,
            ExecutionRequested.class.getName()),
        false);

    // when
    byte[] bytes = serde.serialize("drs.execution-requests", sampleRequest());

    // then
    assertThat(serde.deserialize("drs.execution-requests", bytes)).isEqualTo(sampleRequest());
  }

  @Test
  void givenNoRegistry_whenSerializing_thenTheErrorNamesTheRegistry() {
    AvroSerde<ExecutionRequested> serde =
        AvroSerde.forValues(
            new SchemaRegistryClient("http://127.0.0.1:1/apis/ccompat/v7"),
            ExecutionRequested.class);
    assertThatThrownBy(() -> serde.serialize("t", sampleRequest()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot reach schema registry at http://127.0.0.1:1");
  }

  static ExecutionRequested sampleRequest() {
    return ExecutionRequested.newBuilder()
        .setId("req-1")
        .setExecutionId("exec-1")
        .setOccurredAt(Instant.parse("2026-11-22T10:00:00.123Z"))
        .setPlanId("plan-1")
        .setPlanVersion(3)
        .setPlanName("Three tier")
        .setMode(ExecutionMode.DRILL)
        .setRequestedBy("tester")
        .setWaves(
            List.of(
                ExecutionWave.newBuilder()
                    .setWaveId("db")
                    .setName("Database")
                    .setRegion("us-east-1")
                    .setSourceServerIds(List.of("s-0123456789abcdefg"))
                    .setDependsOn(List.of())
                    .build()))
        .build();
  }

  private static Object toGeneric(ExecutionRequested sample, Schema.Field field) {
    // Round-trip the value through the specific record's own schema into generic form.
    Object value = sample.get(sample.getSchema().getField(field.name()).pos());
    if (value instanceof Instant instant) {
      return instant.toEpochMilli();
    }
    if (value instanceof ExecutionMode mode) {
      return new GenericData.EnumSymbol(field.schema(), mode.name());
    }
    if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof ExecutionWave) {
      Schema waveSchema = field.schema().getElementType();
      return list.stream()
          .map(
              w -> {
                ExecutionWave wave = (ExecutionWave) w;
                // Every field the wave's schema has, by name: its values are all plain (strings,
                // numbers, booleans, lists of strings, nulls).
                GenericRecord g = new GenericData.Record(waveSchema);
                for (Schema.Field f : waveSchema.getFields()) {
                  g.put(f.name(), wave.get(f.name()));
                }
                return g;
              })
          .toList();
    }
    return value;
  }

  private static Schema withoutField(Schema schema, String name) {
    List<Schema.Field> fields =
        schema.getFields().stream()
            .filter(f -> !f.name().equals(name))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  private static byte[] wire(int id, Schema schema, GenericRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
