package io.drsorch.deploy.e2e;

import io.drsorch.testsupport.ListenPorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.drs.DrsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The whole local stack for end-to-end tests, started by the same {@code deploy/local/stack} script
 * a user runs, on free ports and in its own folder under target/ (one per test class, so that a
 * chaos run that kills processes never disturbs another class's stack), and stopped with its data
 * purged after the class. Logs stay in {@code target/<name>/logs} for a post-mortem.
 *
 * <p>Used as {@code @ExtendWith(LocalStack.class)} (folder {@code target/e2e-stack}) or as a
 * {@code @RegisterExtension static} field built by {@link #named}, or by {@link #shared} for test
 * classes that need the same settings and leave a stack as they found it: one stack serves them
 * all, started by the first and stopped when a class with a stack of its own starts, or at the end
 * of the run (run in alphabetical order, classes sharing one are best named to sit together). At
 * most one stack runs at a time either way, so that no test shares the machine with an idle one.
 *
 * <p>Several instances of each service ({@code STACK_INSTANCES} in the extra environment, or a
 * service's own {@code LAUNCHER_INSTANCES}, ...): instance n of a service is the component {@code
 * drs-launcher-2} and so on (see {@link #instance}), with its own port ({@link #port(String)} of
 * its port variable with {@code _<n>}), pid file and log; ports are chosen for {@link
 * #MAX_INSTANCES} instances of each, so that one can be added to the running stack with {@code
 * up("drs-launcher-3")}.
 */
public final class LocalStack implements BeforeAllCallback, AfterAllCallback {

  /** The components the stack script knows, in start order. */
  public static final List<String> COMPONENTS =
      List.of(
          "kafka",
          "schema-registry",
          "drs-simulator",
          "plan-service",
          "wave-scheduler",
          "drs-launcher",
          "job-watcher");

  /** The services, each of which may run as several instances. */
  public static final List<String> SERVICES =
      List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher");

  /** The port variable of each service (instance n: the same with {@code _<n>}). */
  private static final Map<String, String> PORT_VARIABLES =
      Map.of(
          "plan-service", "PLAN_SERVICE_PORT",
          "wave-scheduler", "SCHEDULER_PORT",
          "drs-launcher", "LAUNCHER_PORT",
          "job-watcher", "WATCHER_PORT");

  /** The instance count variable of each service, which defaults to {@code STACK_INSTANCES}. */
  private static final Map<String, String> INSTANCE_VARIABLES =
      Map.of(
          "plan-service", "PLAN_SERVICE_INSTANCES",
          "wave-scheduler", "SCHEDULER_INSTANCES",
          "drs-launcher", "LAUNCHER_INSTANCES",
          "job-watcher", "WATCHER_INSTANCES");

  /** Instances of each service a stack has ports for: those configured and those added later. */
  public static final int MAX_INSTANCES = 4;

  private static volatile LocalStack current;

  /** Stacks that several test classes share, by name: one object, so one set of ports. */
  private static final Map<String, LocalStack> SHARED = new ConcurrentHashMap<>();

  /** The shared stack that is up, if any: stopped when a stack of another name starts. */
  private static LocalStack sharedUp;

  /** The port variable of each component that can be run from a test's main class. */
  private static final Map<String, String> SERVICE_PORTS =
      Map.of(
          "wave-scheduler", "SCHEDULER_PORT",
          "drs-launcher", "LAUNCHER_PORT",
          "job-watcher", "WATCHER_PORT");

  /** Components run from a test's main class instead of their artifact (see {@link #replace}). */
  private final Map<String, Class<?>> replacements = new ConcurrentHashMap<>();

  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> extraEnv;
  private final boolean shared;
  private final Path script = Path.of(System.getProperty("stack.script", "local/stack"));
  private final Path home;

  /** The default stack of {@code @ExtendWith(LocalStack.class)}. */
  public LocalStack() {
    this("e2e-stack", Map.of());
  }

  private LocalStack(String name, Map<String, String> extraEnv, boolean shared) {
    this.home = Path.of("target", name).toAbsolutePath();
    this.extraEnv = Map.copyOf(extraEnv);
    this.shared = shared;
  }

  private LocalStack(String name, Map<String, String> extraEnv) {
    this(name, extraEnv, false);
  }

  /** A stack in {@code target/<name>}, with extra environment for the script (e.g. timings). */
  public static LocalStack named(String name, Map<String, String> extraEnv) {
    return new LocalStack(name, extraEnv);
  }

  /**
   * The stack {@code name} that every test class asking for it with the same environment shares
   * (see the class comment).
   */
  public static LocalStack shared(String name, Map<String, String> extraEnv) {
    LocalStack stack = SHARED.computeIfAbsent(name, n -> new LocalStack(n, extraEnv, true));
    if (!stack.extraEnv.equals(Map.copyOf(extraEnv))) {
      throw new IllegalArgumentException(
          "stack " + name + " is shared with " + stack.extraEnv + ", not " + extraEnv);
    }
    return stack;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (LocalStack.class) {
      if (sharedUp != null && sharedUp != this) {
        sharedUp.stopShared();
      }
      if (!shared || sharedUp != this) {
        up();
      }
      if (shared && sharedUp != this) {
        sharedUp = this;
        // The last class's stack is stopped with the run.
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(LocalStack.class))
            .put(home.toString(), (ExtensionContext.Store.CloseableResource) this::stopShared);
      }
    }
    current = this;
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    current = null;
    if (!shared) {
      run("down", "--purge");
    }
  }

  private void stopShared() throws IOException, InterruptedException {
    synchronized (LocalStack.class) {
      if (sharedUp == this) {
        sharedUp = null;
        run("down", "--purge");
      }
    }
  }

  /** The stack of the test class that is running. */
  public static LocalStack get() {
    return current;
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
      env.put(port, Integer.toString(ListenPorts.next()));
    }
    for (String variable : PORT_VARIABLES.values()) {
      for (int n = 2; n <= MAX_INSTANCES; n++) {
        env.put(variable + "_" + n, Integer.toString(ListenPorts.next()));
      }
    }
    // The tests' setting: the watcher polls DRS every second (the stack alone polls adaptively,
    // 1 s to 15 s); push from the simulator comes on top. An empty value in extraEnv (benchmarks)
    // leaves the adaptive polling.
    env.put("WATCHER_POLL_INTERVAL", "PT1S");
    env.putAll(extraEnv);
    run("down", "--purge");
    long t0 = System.nanoTime();
    run("up");
    System.out.printf(
        "[stack] %s up in %.1f s%n", home.getFileName(), (System.nanoTime() - t0) / 1e9);
  }

  public String planServiceUrl() {
    return "http://127.0.0.1:" + env.get("PLAN_SERVICE_PORT");
  }

  public String simulatorUrl() {
    return "http://127.0.0.1:" + env.get("SIMULATOR_PORT");
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + env.get("KAFKA_PORT");
  }

  public String registryUrl() {
    return "http://127.0.0.1:" + env.get("REGISTRY_PORT") + "/apis/ccompat/v7";
  }

  /** The port the stack was told to use by one of its variables ({@code SCHEDULER_PORT}, ...). */
  public int port(String variable) {
    String port = env.get(variable);
    if (port == null) {
      throw new IllegalArgumentException("no port variable " + variable);
    }
    return Integer.parseInt(port);
  }

  /** Instance {@code n} (from 1) of a service: the service's name, then {@code <service>-<n>}. */
  public static String instance(String service, int n) {
    if (!SERVICES.contains(service) || n < 1) {
      throw new IllegalArgumentException("no instance " + n + " of " + service);
    }
    return n == 1 ? service : service + "-" + n;
  }

  /** The service a component belongs to: {@code drs-launcher-2} to {@code drs-launcher}. */
  public static String serviceOf(String component) {
    for (String service : SERVICES) {
      if (component.equals(service)
          || component.matches(java.util.regex.Pattern.quote(service) + "-[1-9][0-9]*")) {
        return service;
      }
    }
    return component;
  }

  /** The instances of a service this stack was started with, in order. */
  public List<String> instances(String service) {
    String count =
        env.getOrDefault(INSTANCE_VARIABLES.get(service), env.getOrDefault("STACK_INSTANCES", "1"));
    List<String> names = new ArrayList<>();
    for (int n = 1; n <= Integer.parseInt(count); n++) {
      names.add(instance(service, n));
    }
    return names;
  }

  /** The HTTP port of a service instance ({@code drs-launcher}, {@code drs-launcher-2}, ...). */
  public int servicePort(String component) {
    String service = serviceOf(component);
    String variable = PORT_VARIABLES.get(service);
    if (variable == null) {
      throw new IllegalArgumentException("not a service instance: " + component);
    }
    return component.equals(service)
        ? port(variable)
        : port(variable + "_" + component.substring(service.length() + 1));
  }

  /** Where a service instance answers: {@code http://127.0.0.1:<its port>}. */
  public String url(String component) {
    return "http://127.0.0.1:" + servicePort(component);
  }

  /** This stack's folder ({@code STACK_HOME}): its config, data, logs and pid files. */
  public Path home() {
    return home;
  }

  /** Where this stack keeps its logs, one file per component. */
  public Path logs() {
    return home.resolve("logs");
  }

  public DrsClient drs() {
    return DrsClient.builder()
        .endpointOverride(URI.create(simulatorUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * The DRS of another account, reached as the services reach it: a role of that account assumed
   * through the simulator's STS, whose temporary credentials select the account.
   */
  public DrsClient drsAs(String roleArn) {
    StsClient sts =
        StsClient.builder()
            .endpointOverride(URI.create(simulatorUrl()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    Credentials role =
        sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("end-to-end-test")).credentials();
    sts.close();
    return DrsClient.builder()
        .endpointOverride(URI.create(simulatorUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    role.accessKeyId(), role.secretAccessKey(), role.sessionToken())))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * From now on runs {@code component} from a main class of the tests instead of its artifact: a
   * defect injected on purpose, wired in test code only. The stack treats it as its own (same
   * process tag, pid file, port and settings), so it is killed, restarted and stopped like the
   * others; {@link #up} starts the replacement whenever the component is down.
   */
  public void replace(String component, Class<?> main) throws IOException, InterruptedException {
    if (!SERVICE_PORTS.containsKey(component)) {
      throw new IllegalArgumentException("cannot replace " + component);
    }
    replacements.put(component, main);
    kill9(component);
    up(component);
  }

  /** {@code stack up [components]}: starts what is down and waits until it is ready. */
  public String up(String... components) throws IOException, InterruptedException {
    for (String component : components.length == 0 ? COMPONENTS : List.of(components)) {
      Class<?> main = replacements.get(component);
      if (main != null && pid(component).flatMap(ProcessHandle::of).isEmpty()) {
        startReplacement(component, main);
      }
    }
    List<String> args = new ArrayList<>();
    args.add("up");
    args.addAll(List.of(components));
    return run(args.toArray(String[]::new));
  }

  /**
   * {@code stack status}, parsed: component name (every instance of a service: {@code
   * drs-launcher-2}, ...) to {@code up}, {@code starting} or {@code down}.
   */
  public Map<String, String> status() throws IOException, InterruptedException {
    Map<String, String> states = new LinkedHashMap<>();
    for (String line : run("status").split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length == 3
          && (COMPONENTS.contains(fields[0]) || SERVICES.contains(serviceOf(fields[0])))) {
        states.put(fields[0], fields[2]);
      }
    }
    return states;
  }

  /** The process id the stack recorded for a component, if its pid file exists. */
  public Optional<Long> pid(String component) throws IOException {
    Path file = home.resolve("run").resolve(component + ".pid");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
  }

  /**
   * Kills a component with SIGKILL (no shutdown hook, no flush, no leaving the consumer group), as
   * a crash would, and waits until the process is gone. Returns false when it was not running.
   */
  public boolean kill9(String component) throws IOException {
    Optional<ProcessHandle> process = pid(component).flatMap(ProcessHandle::of);
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    // destroyForcibly is SIGKILL on Linux.
    process.get().destroyForcibly();
    process.get().onExit().orTimeout(30, TimeUnit.SECONDS).join();
    return true;
  }

  /**
   * Starts a replaced component as the script would start it (see {@code command_for} and the
   * exports in {@code deploy/local/stack}), from the tests' class path; the script's {@code up}
   * then finds it running by its tag and pid file, and waits for it to be ready.
   */
  private void startReplacement(String component, Class<?> main) throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.drsorch",
            "-Ddrsorch.component=" + component,
            "-Dhttp.port=" + env.get(SERVICE_PORTS.get(component)),
            "-cp",
            classPath,
            main.getName());
    Files.createDirectories(logs());
    Files.createDirectories(home.resolve("run"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(
        ProcessBuilder.Redirect.appendTo(logs().resolve(component + ".log").toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> environment = builder.environment();
    environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
    environment.put("SCHEMA_REGISTRY_URL", registryUrl());
    environment.put("DRS_ENDPOINT", simulatorUrl());
    environment.put("STS_ENDPOINT", simulatorUrl() + "/sts");
    environment.put("AWS_ACCESS_KEY_ID", "local");
    environment.put("AWS_SECRET_ACCESS_KEY", "local");
    environment.put("AWS_REGION", "us-east-1");
    Process process = builder.start();
    Files.writeString(home.resolve("run").resolve(component + ".pid"), process.pid() + "\n");
    System.out.printf(
        "[stack] %s started from %s (pid %d)%n", component, main.getName(), process.pid());
  }

  /** Runs the stack script with this stack's environment; fails with its output if it fails. */
  public String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    Files.createDirectories(home);
    Path log = Files.createTempFile(home, "stack-", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      builder.environment().putAll(env.isEmpty() ? Map.of("STACK_HOME", home.toString()) : env);
      Process process = builder.start();
      try {
        if (!process.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("stack " + String.join(" ", args) + " timed out");
        }
      } catch (InterruptedException e) {
        // The caller gives up (a stopped chaos thread): the script must not go on starting things.
        process.destroyForcibly();
        throw e;
      }
      String output = Files.readString(log);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "stack "
                + String.join(" ", args)
                + " failed ("
                + process.exitValue()
                + "):\n"
                + output);
      }
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
