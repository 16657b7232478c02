package io.drsorch.schemas.registry;

import io.drsorch.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * What a service asks the schema registry at start, so that its first record does not: it registers
 * the value schemas of the topics (and store changelogs) it writes, and reads the latest schema of
 * the topics it reads. On a fresh registry the first execution otherwise paid for a registration
 * per topic on its way (about a second in all, on the first wave of a recovery). Best effort: a
 * registry that does not answer now is asked again on first use, as before.
 */
public final class SchemaWarmUp {

  private SchemaWarmUp() {}

  /**
   * @param writes topics whose values the service writes
   * @param reads topics whose values the service reads
   * @param otherSubjects further subjects the service registers under (store changelogs)
   * @return what was done, for the log
   */
  public static String warm(
      SchemaRegistryClient registry,
      List<TopicSpec<?>> writes,
      List<TopicSpec<?>> reads,
      Map<String, Schema> otherSubjects) {
    long start = System.nanoTime();
    List<String> problems = new ArrayList<>();
    int registered = 0;
    int cached = 0;
    for (TopicSpec<?> topic : writes) {
      try {
        registry.register(topic.name() + "-value", SpecificData.get().getSchema(topic.valueType()));
        registered++;
      } catch (RuntimeException e) {
        problems.add(topic.name() + ": " + e.getMessage());
      }
    }
    for (Map.Entry<String, Schema> subject : otherSubjects.entrySet()) {
      try {
        registry.register(subject.getKey(), subject.getValue());
        registered++;
      } catch (RuntimeException e) {
        problems.add(subject.getKey() + ": " + e.getMessage());
      }
    }
    for (TopicSpec<?> topic : reads) {
      try {
        if (registry.cacheLatest(topic.name() + "-value").isPresent()) {
          cached++;
        }
      } catch (RuntimeException e) {
        problems.add(topic.name() + ": " + e.getMessage());
      }
    }
    return String.format(
        "schema registry warmed in %d ms: %d schemas registered, %d read%s",
        (System.nanoTime() - start) / 1_000_000,
        registered,
        cached,
        problems.isEmpty() ? "" : "; asked again on first use: " + String.join("; ", problems));
  }
}
