package io.drsorch.deploy.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * The whole local stack for end-to-end tests, started by the same {@code deploy/local/stack} script
 * a user runs, on free ports and in its own folder under target/, once per test JVM and stopped
 * (with its data purged) when all tests are done.
 */
public final class LocalStack
    implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

  private static LocalStack started;

  private final Map<String, String> env = new LinkedHashMap<>();
  private final Path script = Path.of(System.getProperty("stack.script", "local/stack"));
  private final Path home = Path.of("target", "e2e-stack").toAbsolutePath();

  @Override
  public synchronized void beforeAll(ExtensionContext context) throws Exception {
    synchronized (LocalStack.class) {
      if (started == null) {
        up();
        started = this;
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("local-stack", this);
      }
    }
  }

  static LocalStack get() {
    return started;
  }

  private void up() throws Exception {
    env.put("STACK_HOME", home.toString());
    env.put("STACK_SKIP_BUILD", "1");
    for (String port :
        List.of(
            "KAFKA_PORT",
            "KAFKA_CONTROLLER_PORT",
            "REGISTRY_PORT",
            "SIMULATOR_PORT",
            "PLAN_SERVICE_PORT",
            "SCHEDULER_PORT",
            "LAUNCHER_PORT",
            "WATCHER_PORT")) {
      env.put(port, Integer.toString(freePort()));
    }
    // The setting: the watcher polls DRS every second.
    env.put("WATCHER_POLL_INTERVAL", "PT1S");
    run("down", "--purge");
    long t0 = System.nanoTime();
    run("up");
    System.out.printf(
        "[e2e] local stack up in %.1f s%n", (System.nanoTime() - t0) / 1_000_000_000.0);
  }

  String planServiceUrl() {
    return "http://127.0.0.1:" + env.get("PLAN_SERVICE_PORT");
  }

  String simulatorUrl() {
    return "http://127.0.0.1:" + env.get("SIMULATOR_PORT");
  }

  String bootstrapServers() {
    return "127.0.0.1:" + env.get("KAFKA_PORT");
  }

  String registryUrl() {
    return "http://127.0.0.1:" + env.get("REGISTRY_PORT") + "/apis/ccompat/v7";
  }

  DrsClient drs() {
    return DrsClient.builder()
        .endpointOverride(URI.create(simulatorUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Runs the stack script with this stack's environment; fails with its output if it fails. */
  String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    Path log = Files.createTempFile(Path.of("target"), "stack-", ".out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("stack " + String.join(" ", args) + " timed out");
    }
    String output = Files.readString(log);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "stack " + String.join(" ", args) + " failed (" + process.exitValue() + "):\n" + output);
    }
    return output;
  }

  @Override
  public void close() throws Exception {
    run("down", "--purge");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
