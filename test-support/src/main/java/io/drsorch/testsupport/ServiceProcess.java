package io.drsorch.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's main class run as its own JVM on the test classpath, configured by system properties
 * the way the local stack configures it; the health port is read from its log.
 */
public final class ServiceProcess implements AutoCloseable {

  private static final Pattern PORT = Pattern.compile("health on port (\\d+)");

  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ServiceProcess start(String mainClass, Map<String, String> properties)
      throws IOException {
    Path log =
        Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "service", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServiceProcess(process, log);
  }

  /** The health port once the service has logged it, or -1. */
  public int healthPort() throws IOException {
    Matcher matcher = PORT.matcher(Files.readString(log));
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  public boolean ready() {
    try {
      int port = healthPort();
      if (port < 0) {
        return false;
      }
      HttpResponse<Void> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return answer.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
