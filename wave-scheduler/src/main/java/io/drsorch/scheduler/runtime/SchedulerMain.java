package io.drsorch.scheduler.runtime;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of {@code java -jar quarkus-run.jar}. Avro reads its trusted packages once, when its
 * classes load, and refuses to decode the project's records without them: set the default here,
 * before anything touches Avro, so the service runs without extra JVM flags.
 */
@QuarkusMain
public final class SchedulerMain {

  private SchedulerMain() {}

  public static void main(String... args) {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.drsorch");
    }
    Quarkus.run(args);
  }
}
