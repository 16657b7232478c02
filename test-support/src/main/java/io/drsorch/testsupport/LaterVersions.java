package io.drsorch.testsupport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Records as a later, compatible version of their schema writes them: one optional field more at
 * the end. Registered, that version has an id of its own, which a reader must look up before it can
 * read the record: what a test needs to make one record, and only that one, wait on the registry.
 */
public final class LaterVersions {

  private LaterVersions() {}

  /** {@code current} with an optional field {@code note} (null by default) after the others. */
  public static Schema withOneMoreField(Schema current) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : current.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(
        new Schema.Field(
            "note",
            Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "a field a later version might add",
            Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  /**
   * A record in the Confluent wire format (magic byte, 4-byte schema id, Avro binary) rewritten as
   * the later version {@code laterId} would write it: that id, and the new field's null (union
   * branch 0, one zero byte) after the fields already there.
   */
  public static byte[] asWrittenBy(int laterId, byte[] value) {
    if (value.length < 5 || value[0] != 0) {
      throw new IllegalArgumentException("not a Confluent wire-format record");
    }
    return ByteBuffer.allocate(value.length + 1)
        .put((byte) 0)
        .putInt(laterId)
        .put(value, 5, value.length - 5)
        .put((byte) 0)
        .array();
  }
}
