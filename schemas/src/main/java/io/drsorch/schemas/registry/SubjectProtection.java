package io.drsorch.schemas.registry;

import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Makes the registry refuse incompatible schemas for the project's subjects. A registry's default
 * level may be {@code NONE} (Apicurio's is): then anyone who can reach it may register, under
 * {@code drs.execution-requests-value} say, a schema that our readers cannot resolve against their
 * own, and every consumer would dead-letter the records written with it. With {@code BACKWARD} such
 * a registration is refused (409), and only evolutions that our readers can read are accepted (a
 * new field with a default, a removed field).
 *
 * <p>Every service calls {@link #protect} on start, so a level lowered by hand is raised again at
 * the next start; the local stack also sets the registry's global level.
 */
public final class SubjectProtection {

  /** The level our subjects get: a new schema must read every record written with the last one. */
  public static final String LEVEL = "BACKWARD";

  /** Tries per subject: about 3 s in all, enough for a registry that is still starting. */
  private static final int ATTEMPTS = 5;

  private SubjectProtection() {}

  /** The value subject of every topic in the catalogue ({@code <topic>-value}). */
  public static List<String> projectSubjects() {
    return Topics.ALL.stream().map(TopicSpec::name).map(SubjectProtection::valueSubject).toList();
  }

  /** Sets {@link #LEVEL} on every project subject and on any {@code extra} subject. */
  public static void protect(SchemaRegistryClient registry, String... extra) {
    Stream.concat(projectSubjects().stream(), Stream.of(extra))
        .forEach(subject -> protectOne(registry, subject));
  }

  /**
   * Services start together and set the same subjects at the same moment: Apicurio then refuses all
   * but the first with 409 ("a rule named COMPATIBILITY already exists"). What counts is the level
   * the subject ends with, so a refusal is followed by a read, and the write tried again while the
   * level is not ours yet.
   */
  private static void protectOne(SchemaRegistryClient registry, String subject) {
    SerializationException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        registry.setCompatibility(subject, LEVEL);
        return;
      } catch (SerializationException e) {
        last = e;
      }
      try {
        if (LEVEL.equals(registry.compatibility(subject))) {
          return;
        }
      } catch (SerializationException e) {
        last.addSuppressed(e);
      }
      pause(attempt);
    }
    throw last;
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(100L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SerializationException("interrupted while protecting registry subjects", e);
    }
  }

  public static String valueSubject(String topic) {
    return topic + "-value";
  }
}
