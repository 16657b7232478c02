package io.drsorch.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * The build-time guard for schema evolution: every topic's current value schema must read data
 * written with each released version of that schema (BACKWARD compatibility, the registry's default
 * rule), so consumers can be upgraded before or after producers and topics can be replayed from the
 * beginning. Released schemas are kept under {@code
 * src/test/resources/released/<version>/<Type>.avsc}; a release adds a folder.
 */
class SchemaCompatibilityTest {

  private static final Path RELEASED = Path.of("src/test/resources/released");

  @Test
  void givenReleasedSchemas_whenCurrentSchemasReadTheirData_thenEveryTopicIsBackwardCompatible()
      throws IOException {
    // given
    List<Path> releases = releases();
    assertThat(releases).as("at least one released schema set").isNotEmpty();
    List<String> problems = new ArrayList<>();

    // when
    for (Path release : releases) {
      for (TopicSpec<?> topic : Topics.ALL) {
        Schema current = SpecificData.get().getSchema(topic.valueType());
        Path file = release.resolve(topic.valueType().getSimpleName() + ".avsc");
        if (!Files.exists(file)) {
          continue; // the type did not exist in that release: nothing to stay compatible with
        }
        Schema old = new Schema.Parser().parse(file.toFile());
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
          problems.add(
              topic.name()
                  + ": current "
                  + current.getName()
                  + " cannot read data of release "
                  + release.getFileName()
                  + ": "
                  + result.getResult().getIncompatibilities());
        }
      }
    }

    // then
    assertThat(problems).as("backward-incompatible schema changes").isEmpty();
  }

  @Test
  void givenLatestRelease_whenListed_thenEveryCatalogueTopicHasAReleasedSchema()
      throws IOException {
    // given
    List<Path> releases = releases();
    Path latest = releases.get(releases.size() - 1);

    // then: a new topic type must be added to the release baseline deliberately
    for (TopicSpec<?> topic : Topics.ALL) {
      assertThat(latest.resolve(topic.valueType().getSimpleName() + ".avsc"))
          .as("released schema of " + topic.name())
          .exists();
    }
  }

  @Test
  void givenAnIncompatibleChange_whenChecked_thenItIsCaught() {
    // given: a required field added without a default cannot read old data
    Schema old =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema broken =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"int\"}]}");

    // when
    var result = SchemaCompatibility.checkReaderWriterCompatibility(broken, old);

    // then
    assertThat(result.getType()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static List<Path> releases() throws IOException {
    try (Stream<Path> dirs = Files.list(RELEASED)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }
}
