package io.drsorch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real Confluent-compatible schema registry for tests: Apicurio Registry, unpacked by the
 * test-support build, run as a child process on a free port. One per test JVM ({@link #shared}),
 * stopped when the JVM exits; its storage is in memory.
 */
public final class SchemaRegistryProcess implements AutoCloseable {

  private static SchemaRegistryProcess shared;

  private final Process process;
  private final int port;

  private SchemaRegistryProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The registry of this JVM, started on first use. */
  public static synchronized SchemaRegistryProcess shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = start();
      SchemaRegistryProcess started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return shared;
  }

  public static SchemaRegistryProcess start() {
    Path home = home();
    Path runner;
    try (Stream<Path> files = Files.list(home)) {
      runner =
          files
              .filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no registry runner jar in " + home));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + home, e);
    }
    int port = ListenPorts.next();
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "schema-registry-" + port + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx192m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port,
                    "-jar",
                    runner.toString()))
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    try {
      Process process = builder.start();
      SchemaRegistryProcess registry = new SchemaRegistryProcess(process, port);
      registry.awaitReady(Duration.ofSeconds(90), log);
      return registry;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the schema registry from " + runner, e);
    }
  }

  /** Base URL of the Confluent-compatible API, what the project's serde is configured with. */
  public String url() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  private void awaitReady(Duration timeout, Path log) {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("schema registry exited early; see " + log);
      }
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the schema registry", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the schema registry", e);
      }
    }
    close();
    throw new IllegalStateException("schema registry not ready after " + timeout + "; see " + log);
  }

  private static Path home() {
    Properties props = new Properties();
    try (InputStream in =
        SchemaRegistryProcess.class.getResourceAsStream("/test-support.properties")) {
      props.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("test-support.properties is missing from the classpath", e);
    }
    Path home = Path.of(props.getProperty("registry.home"));
    if (!Files.isDirectory(home)) {
      throw new IllegalStateException(
          "schema registry is not unpacked at " + home + ": build test-support first (mvn -am)");
    }
    return home;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(
          java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
          java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
