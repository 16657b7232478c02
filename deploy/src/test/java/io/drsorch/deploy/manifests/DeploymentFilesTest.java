package io.drsorch.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container files (each service's Dockerfile, {@code deploy/compose}) and the Kubernetes
 * manifests ({@code deploy/k8s}) held to the code they deploy, so that a setting renamed in a
 * service, a port moved or a topic added breaks the build instead of a deployment: images against
 * modules, ports against {@code quarkus.http.port}, probes against the health endpoints, every
 * environment variable against the settings its service reads, topics against the catalogue, and
 * the Kubernetes wiring (Strimzi Secrets, ConfigMaps, the launcher's and the scheduler's
 * StatefulSets) against itself. Nothing here runs Docker or Kubernetes: the files are parsed.
 *
 * <p>Runs with {@code deploy/} as working directory, like the other tests of this module.
 */
class DeploymentFilesTest {

  private static final Path REPO = Path.of("..");
  private static final Path COMPOSE = Path.of("compose", "compose.yaml");
  private static final Path K8S = Path.of("k8s");

  /** The four services: each runs in compose and on Kubernetes. */
  private static final List<String> SERVICES =
      List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher");

  /** The DRS simulator: a container in compose only (a cluster calls the real DRS). */
  private static final String SIMULATOR = "drs-simulator";

  /** An image of ours as the Dockerfiles' build commands tag it; a registry may come before it. */
  private static final Pattern OUR_IMAGE =
      Pattern.compile("(?:\\S+/)?drs-orchestrator/([a-z0-9-]+)(?::([\\w.-]+))?");

  /** An address in a setting's value: its host and port. */
  private static final Pattern URL =
      Pattern.compile("(?:https?://)?([a-z0-9][a-z0-9.-]*):(\\d{2,5})(/[^\\s,'\"]*)?");

  /** A topic name in a value: drs. and lower-case words, not a part of a longer DNS name. */
  private static final Pattern TOPIC_MENTION =
      Pattern.compile("(?<![A-Za-z0-9_.-])drs\\.[a-z0-9]+(?:[.-][a-z0-9]+)*");

  /**
   * Variables the runtime image itself reads, not the service: the Java image's run-java.sh
   * (registry.access.redhat.com/ubi9/openjdk-17-runtime) and the C library's locale.
   */
  private static final Set<String> BASE_IMAGE_ENV =
      Set.of("JAVA_OPTS_APPEND", "JAVA_APP_JAR", "JAVA_MAX_MEM_RATIO", "LANGUAGE");

  /**
   * The AWS SDK's own variables (its default credentials and region chains), read by a module that
   * calls AWS through it (drs-client): named nowhere in our sources.
   */
  private static final Set<String> AWS_SDK_ENV =
      Set.of(
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_REGION",
          "AWS_PROFILE",
          "AWS_ROLE_ARN",
          "AWS_WEB_IDENTITY_TOKEN_FILE");

  /**
   * Quarkus settings a deployment may give a service as QUARKUS_* variables although its
   * application.properties does not set them, each with the artifact that reads it.
   */
  private static final Map<String, String> QUARKUS_KEYS =
      Map.of(
          // Where the HTTP server listens and on which port (every Quarkus service).
          "quarkus.http.host", "io.quarkus",
          "quarkus.http.port", "io.quarkus",
          // The issuer the tokens name, when the service reaches the OIDC server by another name
          // than its clients do (compose: keycloak:8080 against localhost:8180).
          "quarkus.oidc.token.issuer", "quarkus-oidc");

  /** JVM system properties the images set that no setting of ours declares. */
  private static final Set<String> JVM_PROPERTIES =
      Set.of(
          // Quarkus' log manager for java.util.logging (Quarkus' own Dockerfile sets it).
          "java.util.logging.manager",
          // Avro's trusted packages (each service's main class sets the same default).
          "org.apache.avro.SERIALIZABLE_PACKAGES");

  /** Every setting of a Kafka producer, consumer or admin client (KafkaClientSettings' list). */
  private static final Set<String> CLIENT_CONFIGS =
      Stream.of(
              ProducerConfig.configNames(),
              ConsumerConfig.configNames(),
              AdminClientConfig.configNames())
          .flatMap(Set::stream)
          .collect(Collectors.toUnmodifiableSet());

  private static final Set<String> STREAMS_CONFIGS = StreamsConfig.configDef().names();

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, Module> MODULES = new TreeMap<>();
  private static final Map<String, Dockerfile> DOCKERFILES = new TreeMap<>();
  private static JsonNode compose;
  private static final List<Resource> K8S_RESOURCES = new ArrayList<>();

  @BeforeAll
  static void readEverything() throws IOException {
    for (String name : concat(SERVICES, List.of(SIMULATOR))) {
      Module module = Module.load(name);
      MODULES.put(name, module);
      if (module.dockerfile() != null) {
        DOCKERFILES.put(name, Dockerfile.parse(module.dockerfile()));
      }
    }
    compose = single(COMPOSE);
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode node : documents(file)) {
          K8S_RESOURCES.add(new Resource(file, node));
        }
      }
    }
  }

  // --- (a) images and Dockerfiles ----------------------------------------------------------------

  @Test
  void everyImageOfOursIsBuiltFromAModuleWithItsDockerfile() {
    List<String> problems = new ArrayList<>();
    // Every module that runs in a container has its Dockerfile, whose build command names it.
    for (Module module : MODULES.values()) {
      if (module.dockerfile() == null) {
        problems.add(module.name() + " has no src/main/docker/Dockerfile(.jvm)");
        continue;
      }
      String buildCommand =
          "docker build -f "
              + module.name()
              + "/src/main/docker/"
              + module.dockerfile().getFileName()
              + " -t drs-orchestrator/"
              + module.name()
              + ":"
              + module.imageTag()
              + " "
              + module.name();
      if (!DOCKERFILES.get(module.name()).text().contains(buildCommand)) {
        problems.add(module.dockerfile() + ": its comment does not say `" + buildCommand + "`");
      }
    }
    // compose: a build's context is one of our modules, its dockerfile is there, its tag is ours.
    composeServices()
        .forEach(
            (name, service) -> {
              JsonNode build = service.path("build");
              Optional<String> imageModule = ourImageModule(service.path("image").asText(""));
              if (!build.isMissingNode()) {
                Path context =
                    COMPOSE
                        .getParent()
                        .resolve(
                            build.isTextual() ? build.asText() : build.path("context").asText());
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
                String module = context.normalize().getFileName().toString();
                if (!Files.isDirectory(context) || !MODULES.containsKey(module)) {
                  problems.add(
                      "compose service "
                          + name
                          + ": build context "
                          + context
                          + " is none of "
                          + MODULES.keySet());
                } else if (!Files.isRegularFile(dockerfile)
                    || MODULES.get(module).dockerfile() == null
                    || !dockerfile
                        .normalize()
                        .equals(MODULES.get(module).dockerfile().normalize())) {
                  problems.add(
                      "compose service "
                          + name
                          + ": dockerfile "
                          + dockerfile
                          + " is not "
                          + MODULES.get(module).dockerfile());
                }
                if (imageModule.isPresent() && !imageModule.get().equals(module)) {
                  problems.add(
                      "compose service "
                          + name
                          + " builds "
                          + module
                          + " but tags it "
                          + service.path("image").asText());
                }
              }
              imageModule.ifPresent(
                  m ->
                      checkOurImage(
                          "compose service " + name, service.path("image").asText(), problems));
            });
    // Kubernetes: every image of ours names a module that has its Dockerfile.
    for (Workload workload : workloads()) {
      for (JsonNode container : workload.containers()) {
        String image = container.path("image").asText();
        if (image.contains("drs-orchestrator/")) {
          checkOurImage(
              workload + " container " + container.path("name").asText(), image, problems);
        }
      }
    }
    // Each service runs in both, the simulator in compose (a cluster runs against real DRS).
    assertThat(composeModules().values())
        .as("compose services of ours")
        .containsAll(MODULES.keySet());
    assertThat(workloads().stream().map(Workload::module).flatMap(Optional::stream).toList())
        .as("Kubernetes workloads of ours")
        .containsExactlyInAnyOrderElementsOf(SERVICES);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyDockerfileCopiesWhatItsModuleBuildsAndRunsItAsAnotherUserThanRoot() {
    List<String> problems = new ArrayList<>();
    DOCKERFILES.forEach(
        (name, dockerfile) -> {
          Module module = MODULES.get(name);
          String jar = dockerfile.env().get("JAVA_APP_JAR");
          if (module.quarkus()) {
            // Quarkus' fast-jar layout (the default package type), in four layers.
            assertThat(module.properties().getProperty("quarkus.package.jar.type", "fast-jar"))
                .as(name + " packages a fast-jar")
                .isEqualTo("fast-jar");
            for (String layer : List.of("lib/", "*.jar", "app/", "quarkus/")) {
              if (!dockerfile.copies().containsKey("target/quarkus-app/" + layer)) {
                problems.add(name + "'s Dockerfile does not copy target/quarkus-app/" + layer);
              }
            }
            if (!"/deployments/".equals(dockerfile.copies().get("target/quarkus-app/*.jar"))
                || !"/deployments/quarkus-run.jar".equals(jar)) {
              problems.add(name + "'s Dockerfile does not run /deployments/quarkus-run.jar");
            }
          } else {
            // A plain jar, named as Maven builds it, with its Class-Path's lib/ beside it.
            String built = "target/" + name + "-" + module.version() + ".jar";
            String copied = dockerfile.copies().get(built);
            if (copied == null || !copied.equals(jar)) {
              problems.add(
                  name + "'s Dockerfile does not run " + built + " (JAVA_APP_JAR " + jar + ")");
            } else if (!(copied.substring(0, copied.lastIndexOf('/') + 1) + "lib/")
                .equals(dockerfile.copies().get("target/lib/"))) {
              problems.add(name + "'s Dockerfile does not copy target/lib/ beside its jar");
            }
          }
          if (dockerfile.user() == null || Set.of("root", "0").contains(dockerfile.user())) {
            problems.add(name + "'s Dockerfile runs as " + dockerfile.user());
          }
        });
    assertThat(DOCKERFILES).as("Dockerfiles").hasSize(MODULES.size());
    assertThat(problems).isEmpty();
  }

  // --- (b) ports ---------------------------------------------------------------------------------

  @Test
  void everyPortOfAServiceIsItsHttpPort() {
    List<String> problems = new ArrayList<>();
    // Dockerfiles: EXPOSE and the health check.
    DOCKERFILES.forEach(
        (name, dockerfile) -> {
          int port = MODULES.get(name).httpPort(dockerfile.env());
          dockerfile
              .exposed()
              .forEach(p -> samePort(name + "'s Dockerfile EXPOSE", p, port, problems));
          urls(dockerfile.healthcheck())
              .forEach(u -> samePort(name + "'s Dockerfile HEALTHCHECK", u.port(), port, problems));
        });
    // compose: the published ports' container side and the health checks.
    composeModules()
        .forEach(
            (name, module) -> {
              JsonNode service = composeServices().get(name);
              int port = MODULES.get(module).httpPort(composeEnv(service));
              for (JsonNode published : service.path("ports")) {
                samePort("compose " + name + " ports", containerPort(published), port, problems);
              }
              urls(healthcheck(service))
                  .forEach(
                      u -> samePort("compose " + name + " healthcheck", u.port(), port, problems));
            });
    // Kubernetes: container ports, probes, the Prometheus annotation, the Services in front.
    for (Workload workload : workloads()) {
      if (workload.module().isEmpty()) {
        continue;
      }
      JsonNode container = workload.ourContainer();
      int port = MODULES.get(workload.module().get()).httpPort(literalEnv(container));
      for (JsonNode declared : container.path("ports")) {
        samePort(
            workload + " containerPort", declared.path("containerPort").asInt(), port, problems);
      }
      for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        if (!httpGet.isMissingNode()) {
          samePort(
              workload + " " + probe, portNumber(container, httpGet.path("port")), port, problems);
        }
      }
      samePort(
          workload + " prometheus.io/port",
          workload.podMetadata().path("annotations").path("prometheus.io/port").asInt(-1),
          port,
          problems);
      List<Resource> services =
          selecting("Service", workload, r -> r.node().path("spec").path("selector"));
      if (services.isEmpty()) {
        problems.add(workload + " has no Service");
      }
      for (Resource service : services) {
        for (JsonNode servicePort : service.node().path("spec").path("ports")) {
          samePort(
              service + " targetPort",
              portNumber(container, servicePort.path("targetPort")),
              port,
              problems);
          samePort(service + " port", servicePort.path("port").asInt(), port, problems);
        }
      }
    }
    // Addresses of our services in any setting (DRS_ENDPOINT, the simulator's push target, ...).
    Map<String, Integer> ports = servicePortsByHost();
    for (Site site : sites()) {
      site.env()
          .forEach(
              (name, value) ->
                  urls(value)
                      .filter(u -> ports.containsKey(u.host()))
                      .forEach(
                          u ->
                              samePort(
                                  site + " " + name + " (" + u.host() + ")",
                                  u.port(),
                                  ports.get(u.host()),
                                  problems)));
    }
    assertThat(problems).isEmpty();
  }

  // --- (c) probes --------------------------------------------------------------------------------

  @Test
  void probesCallTheHealthEndpoints() {
    List<String> problems = new ArrayList<>();
    for (Workload workload : workloads()) {
      if (workload.module().isEmpty()) {
        continue;
      }
      JsonNode container = workload.ourContainer();
      // Liveness restarts a wedged JVM; readiness keeps a service out of its Service until Kafka,
      // the registry (and for the scheduler Streams) answered: two different questions.
      expectPath(
          workload + " livenessProbe",
          container.path("livenessProbe").path("httpGet"),
          "/q/health/live",
          problems);
      expectPath(
          workload + " readinessProbe",
          container.path("readinessProbe").path("httpGet"),
          "/q/health/ready",
          problems);
      if (container.has("startupProbe")) {
        expectPath(
            workload + " startupProbe",
            container.path("startupProbe").path("httpGet"),
            "/q/health/started",
            problems);
      }
      JsonNode annotations = workload.podMetadata().path("annotations");
      if (!"true".equals(annotations.path("prometheus.io/scrape").asText())
          || !"/q/metrics".equals(annotations.path("prometheus.io/path").asText())) {
        problems.add(workload + " is not scraped at /q/metrics");
      }
    }
    // A health check says ready: the readiness endpoint, or the simulator's own.
    DOCKERFILES.forEach(
        (name, dockerfile) ->
            urls(dockerfile.healthcheck())
                .forEach(u -> expectHealthPath(name + "'s Dockerfile", name, u.path(), problems)));
    composeModules()
        .forEach(
            (name, module) -> {
              List<Address> checks = urls(healthcheck(composeServices().get(name))).toList();
              if (checks.isEmpty()) {
                problems.add("compose " + name + " has no HTTP health check");
              }
              checks.forEach(u -> expectHealthPath("compose " + name, module, u.path(), problems));
            });
    assertThat(problems).isEmpty();
  }

  // --- (d) environment variables -----------------------------------------------------------------

  @Test
  void everyVariableGivenToAServiceIsASettingItReads() {
    List<String> problems = new ArrayList<>();
    for (Site site : sites()) {
      if (site.module() == null) {
        continue;
      }
      Module module = MODULES.get(site.module());
      site.env()
          .forEach(
              (name, value) -> {
                if (reader(module, name, site.env()).isEmpty()) {
                  problems.add(
                      site
                          + ": "
                          + name
                          + " is read by nothing in "
                          + module.name()
                          + explainUnread(name));
                }
                if ("JAVA_OPTS_APPEND".equals(name) && value != null) {
                  unknownJvmOptions(module, value)
                      .forEach(
                          o ->
                              problems.add(
                                  site
                                      + ": JAVA_OPTS_APPEND "
                                      + o
                                      + " is read by nothing in "
                                      + module.name()));
                }
              });
    }
    assertThat(sites().stream().filter(s -> s.module() != null))
        .as("places that configure a service")
        .hasSizeGreaterThanOrEqualTo(2 * SERVICES.size() + 2);
    assertThat(problems).isEmpty();
  }

  // --- (e) topics --------------------------------------------------------------------------------

  @Test
  void theKafkaTopicsAreTheCatalogue() {
    List<String> problems = new ArrayList<>();
    Map<String, TopicSpec<?>> catalogue = new TreeMap<>();
    Topics.ALL.forEach(spec -> catalogue.put(spec.name(), spec));
    String cluster = kafkaCluster().name();
    Set<String> declared = new TreeSet<>();
    int mostReplicas =
        workloads().stream().mapToInt(w -> w.spec().path("replicas").asInt(1)).max().orElse(1);
    for (Resource topic : kinds("KafkaTopic")) {
      String name = topic.node().path("spec").path("topicName").asText(topic.name());
      declared.add(name);
      JsonNode spec = topic.node().path("spec");
      Map<String, String> config = strings(spec.path("config"));
      if (!cluster.equals(
          topic.node().path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
        problems.add(topic + " is not labelled for the cluster " + cluster);
      }
      if (spec.path("partitions").asInt() < mostReplicas) {
        // A partition is worked on by one instance of a service: fewer would leave some idle.
        problems.add(
            topic + " has fewer partitions than a service has instances (" + mostReplicas + ")");
      }
      if (name.equals(Topics.DEAD_LETTERS)) {
        // Dead letters are records to look at, every one of them: never compacted away.
        if ("compact".equals(config.get("cleanup.policy"))) {
          problems.add(topic + " is compacted");
        }
        continue;
      }
      TopicSpec<?> catalogued = catalogue.get(name);
      if (catalogued == null) {
        problems.add(topic + " is no topic of Topics.ALL");
        continue;
      }
      // Compacted exactly where the catalogue says (the latest value per key is the state);
      // retention exactly where it gives one (the audit history's ten years).
      if (catalogued.compacted() != "compact".equals(config.get("cleanup.policy"))) {
        problems.add(
            topic
                + " cleanup.policy "
                + config.get("cleanup.policy")
                + ", catalogue compacted="
                + catalogued.compacted());
      }
      String retention =
          catalogued.retention() == null ? null : Long.toString(catalogued.retention().toMillis());
      if (!java.util.Objects.equals(retention, config.get("retention.ms"))) {
        problems.add(
            topic + " retention.ms " + config.get("retention.ms") + ", catalogue " + retention);
      }
      // Any other config the services create the topic with (TopicSpec.configs), alike.
      catalogued
          .configs()
          .forEach(
              (key, value) -> {
                if (!Set.of("cleanup.policy", "retention.ms").contains(key)
                    && !value.equals(config.get(key))) {
                  problems.add(
                      topic
                          + " "
                          + key
                          + "="
                          + config.get(key)
                          + ", the services create it with "
                          + value);
                }
              });
    }
    // Every topic of the catalogue is declared: one created by a service would get 1 replica.
    Set<String> missing = new TreeSet<>(catalogue.keySet());
    missing.add(Topics.DEAD_LETTERS);
    missing.removeAll(declared);
    missing.forEach(name -> problems.add("no KafkaTopic " + name + " in " + K8S));
    assertThat(problems).isEmpty();
  }

  // --- (f) topics named in settings --------------------------------------------------------------

  @Test
  void everyTopicNamedInASettingIsInTheCatalogue() {
    Set<String> catalogue =
        Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toCollection(TreeSet::new));
    catalogue.add(Topics.DEAD_LETTERS);
    List<String> problems = new ArrayList<>();
    for (Site site : sites()) {
      site.env()
          .forEach(
              (name, value) ->
                  topicMentions(value)
                      .filter(t -> !catalogue.contains(t))
                      .forEach(
                          t ->
                              problems.add(
                                  site
                                      + ": "
                                      + name
                                      + " names "
                                      + t
                                      + ", not a topic of the catalogue")));
    }
    for (Resource configMap : kinds("ConfigMap")) {
      strings(configMap.node().path("data"))
          .forEach(
              (key, value) ->
                  topicMentions(value)
                      .filter(t -> !catalogue.contains(t))
                      .forEach(
                          t ->
                              problems.add(
                                  configMap
                                      + ": "
                                      + key
                                      + " names "
                                      + t
                                      + ", not a topic of the catalogue")));
    }
    assertThat(problems).isEmpty();
  }

  // --- compose wiring ----------------------------------------------------------------------------

  @Test
  void composePublishesOnLoopbackOnlyAndStartsEachServiceAfterWhatItCalls() {
    List<String> problems = new ArrayList<>();
    Map<String, JsonNode> services = composeServices();
    services.forEach(
        (name, service) -> {
          // Nothing here has a login but Keycloak and plan-service: no port for the network.
          for (JsonNode published : service.path("ports")) {
            String hostIp =
                published.isTextual()
                    ? published.asText().split(":")[0]
                    : published.path("host_ip").asText();
            if (!"127.0.0.1".equals(hostIp)) {
              problems.add("compose " + name + " publishes " + published + " beyond 127.0.0.1");
            }
          }
          // Waiting for health, not for a start: a service that starts before Kafka answers stops.
          service
              .path("depends_on")
              .fields()
              .forEachRemaining(
                  dependency -> {
                    String condition = dependency.getValue().path("condition").asText();
                    JsonNode target = services.get(dependency.getKey());
                    if (target == null) {
                      problems.add(
                          "compose "
                              + name
                              + " depends on "
                              + dependency.getKey()
                              + ", which is not a service");
                    } else if ("service_healthy".equals(condition)) {
                      if (!target.has("healthcheck")) {
                        problems.add(
                            "compose "
                                + name
                                + " waits for "
                                + dependency.getKey()
                                + " to be healthy; it has no healthcheck");
                      }
                    } else if (!"service_completed_successfully".equals(condition)) {
                      problems.add(
                          "compose "
                              + name
                              + " depends on "
                              + dependency.getKey()
                              + " with condition '"
                              + condition
                              + "'");
                    }
                  });
        });
    // Each service of ours waits for every service its settings name (Kafka, registry, DRS, OIDC).
    composeModules()
        .forEach(
            (name, module) -> {
              if (module.equals(SIMULATOR)) {
                return; // it only pushes to the watcher, which polls without it
              }
              Set<String> called = new TreeSet<>();
              composeEnv(services.get(name))
                  .values()
                  .forEach(
                      v ->
                          urls(v)
                              .map(Address::host)
                              .filter(services::containsKey)
                              .forEach(called::add));
              for (String host : called) {
                if (!"service_healthy"
                    .equals(
                        services
                            .get(name)
                            .path("depends_on")
                            .path(host)
                            .path("condition")
                            .asText())) {
                  problems.add(
                      "compose "
                          + name
                          + " calls "
                          + host
                          + " but does not wait for it to be healthy");
                }
              }
            });
    assertThat(problems).isEmpty();
  }

  // --- Kubernetes wiring -------------------------------------------------------------------------

  @Test
  void kubernetesServicesReachKafkaWithTheSecretsStrimziWrites() {
    List<String> problems = new ArrayList<>();
    Resource kafka = kafkaCluster();
    String cluster = kafka.name();
    String caSecret = cluster + "-cluster-ca-cert";
    Set<String> users =
        kinds("KafkaUser").stream()
            .filter(
                u ->
                    cluster.equals(
                        u.node()
                            .path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText()))
            .map(Resource::name)
            .collect(Collectors.toSet());
    JsonNode listener = tlsScramListener(kafka);
    if (listener == null) {
      problems.add(kafka + " has no TLS listener with scram-sha-512 authentication");
    }
    for (Workload workload : workloads()) {
      JsonNode podSpec = workload.podSpec();
      for (JsonNode container : workload.containers()) {
        String where = workload + " container " + container.path("name").asText();
        for (JsonNode variable : container.path("env")) {
          JsonNode from = variable.path("valueFrom");
          String name = variable.path("name").asText();
          if (from.has("secretKeyRef")) {
            JsonNode ref = from.path("secretKeyRef");
            if (!strimziSecret(ref.path("name").asText(), ref.path("key").asText(), users, caSecret)
                && !ref.path("optional").asBoolean(false)) {
              problems.add(
                  where
                      + ": "
                      + name
                      + " reads Secret "
                      + ref.path("name").asText()
                      + "/"
                      + ref.path("key").asText()
                      + ", which Strimzi does not write");
            }
          }
          if (from.has("configMapKeyRef")) {
            JsonNode ref = from.path("configMapKeyRef");
            boolean found =
                kinds("ConfigMap").stream()
                    .anyMatch(
                        c ->
                            c.name().equals(ref.path("name").asText())
                                && c.node().path("data").has(ref.path("key").asText()));
            if (!found && !ref.path("optional").asBoolean(false)) {
              problems.add(
                  where
                      + ": "
                      + name
                      + " reads ConfigMap "
                      + ref.path("name").asText()
                      + "/"
                      + ref.path("key").asText()
                      + ", which no file defines");
            }
          }
        }
        if (workload.module().isEmpty()) {
          continue;
        }
        String module = workload.module().get();
        Map<String, String> env = literalEnv(container);
        // Each service logs in as itself: its own KafkaUser's Secret (kafka-users.yaml).
        JsonNode jaas =
            envEntry(container, "KAFKA_SASL_JAAS_CONFIG").path("valueFrom").path("secretKeyRef");
        if (!module.equals(jaas.path("name").asText())
            || !"sasl.jaas.config".equals(jaas.path("key").asText())
            || !users.contains(module)) {
          problems.add(
              where
                  + ": KAFKA_SASL_JAAS_CONFIG is not the sasl.jaas.config of the KafkaUser "
                  + module);
        }
        if (listener != null) {
          String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
          if (!bootstrap.matches(
              Pattern.quote(cluster)
                  + "-kafka-bootstrap(\\.[a-z0-9.-]+)?:"
                  + listener.path("port").asInt())) {
            problems.add(
                where
                    + ": KAFKA_BOOTSTRAP_SERVERS "
                    + bootstrap
                    + " is not the TLS listener of "
                    + cluster);
          }
        }
        expectValue(where, env, "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", problems);
        expectValue(where, env, "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", problems);
        expectValue(where, env, "KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12", problems);
        JsonNode password =
            envEntry(container, "KAFKA_SSL_TRUSTSTORE_PASSWORD")
                .path("valueFrom")
                .path("secretKeyRef");
        if (!caSecret.equals(password.path("name").asText())
            || !"ca.password".equals(password.path("key").asText())) {
          problems.add(
              where + ": KAFKA_SSL_TRUSTSTORE_PASSWORD is not " + caSecret + "/ca.password");
        }
        // The truststore is the CA Secret's ca.p12, mounted where the setting says.
        String truststore = env.getOrDefault("KAFKA_SSL_TRUSTSTORE_LOCATION", "");
        if (!mountedSecretFiles(podSpec, container, caSecret)
            .getOrDefault(truststore, "")
            .equals("ca.p12")) {
          problems.add(
              where
                  + ": KAFKA_SSL_TRUSTSTORE_LOCATION "
                  + truststore
                  + " is not the mounted ca.p12 of "
                  + caSecret);
        }
        // Requests and limits: a recovery must not be starved by, or starve, its neighbours.
        for (String bound : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            if (!container.path("resources").path(bound).has(resource)) {
              problems.add(where + " has no " + bound + "." + resource);
            }
          }
        }
        if (selecting(
                "PodDisruptionBudget",
                workload,
                r -> r.node().path("spec").path("selector").path("matchLabels"))
            .isEmpty()) {
          problems.add(workload + " has no PodDisruptionBudget");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void launchersKeepTheirTransactionalIdAndSchedulersTheirStateAndStandbys() {
    Workload launcher = workload("drs-launcher");
    // A restarted launcher must come back with the id it had (it fences its former self), and no
    // two may share one: a StatefulSet's pod name is both.
    assertThat(launcher.kind()).as(launcher + " kind").isEqualTo("StatefulSet");
    assertThat(
            envEntry(launcher.ourContainer(), "LAUNCHER_TRANSACTIONAL_ID")
                .path("valueFrom")
                .path("fieldRef")
                .path("fieldPath")
                .asText())
        .as(launcher + " LAUNCHER_TRANSACTIONAL_ID")
        .isEqualTo("metadata.name");

    Workload scheduler = workload("wave-scheduler");
    assertThat(scheduler.kind()).as(scheduler + " kind").isEqualTo("StatefulSet");
    assertThat(scheduler.spec().path("replicas").asInt())
        .as(scheduler + " replicas")
        .isGreaterThanOrEqualTo(2);
    // The state directory lies on the instance's own claim, so a restart need not restore it.
    Set<String> claims = new HashSet<>();
    scheduler
        .spec()
        .path("volumeClaimTemplates")
        .forEach(t -> claims.add(t.path("metadata").path("name").asText()));
    String stateDir = literalEnv(scheduler.ourContainer()).getOrDefault("STREAMS_STATE_DIR", "");
    boolean onClaim = false;
    for (JsonNode mount : scheduler.ourContainer().path("volumeMounts")) {
      onClaim |=
          claims.contains(mount.path("name").asText())
              && stateDir.startsWith(mount.path("mountPath").asText() + "/");
    }
    assertThat(onClaim)
        .as(scheduler + " STREAMS_STATE_DIR " + stateDir + " on a volumeClaimTemplate " + claims)
        .isTrue();
    // Standby replicas, as the Quarkus extension passes them on (see unknownJvmOptions).
    Matcher standby =
        Pattern.compile("-Dkafka-streams\\.num\\.standby\\.replicas=(\\d+)")
            .matcher(literalEnv(scheduler.ourContainer()).getOrDefault("JAVA_OPTS_APPEND", ""));
    assertThat(standby.find() && Integer.parseInt(standby.group(1)) >= 1)
        .as(scheduler + " keeps standby replicas")
        .isTrue();
  }

  @Test
  void theKustomizationListsEveryManifest() throws IOException {
    JsonNode kustomization = single(K8S.resolve("kustomization.yaml"));
    Set<String> listed = new TreeSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> files;
    try (Stream<Path> list = Files.list(K8S)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    // A file not listed would never be applied; a listed one missing would fail the apply.
    assertThat(listed).isEqualTo(files);
  }

  // --- what a module reads -----------------------------------------------------------------------

  /**
   * Why a variable given to a module's container reaches a setting of it, or empty when nothing
   * reads it. The services read configuration the Quarkus way (SmallRye Config: a variable is the
   * property in upper case with '.' and '-' as '_'); the simulator the same way by hand.
   */
  static Optional<String> reader(Module module, String name, Map<String, String> env) {
    if (BASE_IMAGE_ENV.contains(name)) {
      return Optional.of("the base image");
    }
    // application.properties: key=${NAME:default}
    if (module.propertiesText().contains("${" + name + ":")
        || module.propertiesText().contains("${" + name + "}")) {
      return Optional.of("${" + name + "} in application.properties");
    }
    // System.getenv("NAME"), or a name built from it.
    if (module.strings().contains(name)) {
      return Optional.of("\"" + name + "\" in its sources");
    }
    if (module.readsKafkaSettings() && kafkaClientSetting(name)) {
      return Optional.of("a Kafka client setting (KafkaClientSettings)");
    }
    for (String property : propertyForms(name)) {
      if (module.keys().contains(property)) {
        return Optional.of(property + " in application.properties");
      }
      if (module.mappingNames().contains(property)) {
        return Optional.of(property + ", a @ConfigMapping setting");
      }
      if (module.strings().contains(property)) {
        return Optional.of("\"" + property + "\" in its sources");
      }
      if (module.quarkus()
          && QUARKUS_KEYS.containsKey(property)
          && module.pom().contains(QUARKUS_KEYS.get(property))) {
        return Optional.of(property + ", a Quarkus setting");
      }
    }
    if (module.usesAwsSdk() && AWS_SDK_ENV.contains(name)) {
      return Optional.of("the AWS SDK");
    }
    // Kubernetes expands $(NAME) in the values after it: a helper such a value is built from.
    if (env.values().stream().anyMatch(v -> v != null && v.contains("$(" + name + ")"))) {
      return Optional.of("$(" + name + ") in another variable");
    }
    return Optional.empty();
  }

  /** A hint for the variables that look right and are not. */
  private static String explainUnread(String name) {
    if (name.startsWith("KAFKA_STREAMS_")) {
      return " (Quarkus passes only kafka-streams.* names on to Kafka Streams, and a variable has that"
          + " name only if application.properties declares the key: use -Dkafka-streams.<setting> in"
          + " JAVA_OPTS_APPEND)";
    }
    return "";
  }

  /**
   * KafkaClientSettings' rule, exactly: KAFKA_X_Y (but not KAFKA_STREAMS_*, which are Kafka
   * Streams' own) is passed to every Kafka client as x.y when x.y is a setting of a producer, a
   * consumer or an admin client; any other KAFKA_* (KAFKA_HEAP_OPTS) is someone else's.
   */
  static boolean kafkaClientSetting(String name) {
    if (!name.startsWith("KAFKA_") || name.startsWith("KAFKA_STREAMS_") || name.length() == 6) {
      return false;
    }
    return CLIENT_CONFIGS.contains(name.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'));
  }

  /**
   * The properties a variable can stand for: lower case, each '_' a '.' or a '-' (SmallRye Config
   * maps both to '_'), e.g. LAUNCHER_TRANSACTIONAL_ID is launcher.transactional-id.
   */
  static List<String> propertyForms(String name) {
    String[] words = name.toLowerCase(Locale.ROOT).split("_");
    List<String> forms = new ArrayList<>();
    int joints = words.length - 1;
    for (int mask = 0; mask < (1 << joints); mask++) {
      StringBuilder form = new StringBuilder(words[0]);
      for (int i = 1; i < words.length; i++) {
        form.append((mask & (1 << (i - 1))) == 0 ? '.' : '-').append(words[i]);
      }
      forms.add(form.toString());
    }
    return forms;
  }

  /**
   * The -D options of a JAVA_OPTS_APPEND that no one reads. Known: the module's settings, the JVM
   * properties the images set, and for the scheduler kafka-streams.&lt;Streams setting&gt;, which
   * the Quarkus Kafka Streams extension passes to Streams (the only way an unprefixed Streams
   * setting reaches it without a key in application.properties).
   */
  static List<String> unknownJvmOptions(Module module, String value) {
    List<String> unknown = new ArrayList<>();
    for (String option : value.trim().split("\\s+")) {
      if (option.startsWith("-X")) {
        continue; // the JVM's own
      }
      String key = option.startsWith("-D") ? option.substring(2).split("=", 2)[0] : null;
      boolean known =
          key != null
              && (JVM_PROPERTIES.contains(key)
                  || module.keys().contains(key)
                  || module.mappingNames().contains(key)
                  || module.strings().contains(key)
                  || (module.pom().contains("quarkus-kafka-streams")
                      && key.startsWith("kafka-streams.")
                      && STREAMS_CONFIGS.contains(key.substring("kafka-streams.".length()))));
      if (!known) {
        unknown.add(option);
      }
    }
    return unknown;
  }

  /** One of our modules as its sources say: what the files are checked against. */
  record Module(
      String name,
      String pom,
      String version,
      Path dockerfile,
      boolean quarkus,
      Properties properties,
      String propertiesText,
      Set<String> keys,
      Set<String> strings,
      Set<String> mappingNames,
      boolean readsKafkaSettings,
      boolean usesAwsSdk,
      String portVariable,
      int defaultPort) {

    static Module load(String name) {
      Path dir = REPO.resolve(name);
      String pom = read(dir.resolve("pom.xml"));
      Path propertiesFile = dir.resolve("src/main/resources/application.properties");
      String propertiesText = Files.exists(propertiesFile) ? read(propertiesFile) : "";
      Properties properties = new Properties();
      try {
        properties.load(new StringReader(propertiesText));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // %test.quarkus.x is quarkus.x in the test profile: the same setting.
      Set<String> keys =
          properties.stringPropertyNames().stream()
              .map(k -> k.replaceFirst("^%[^.]+\\.", ""))
              .collect(Collectors.toSet());
      Set<String> strings = new HashSet<>();
      Set<String> mappingNames = new HashSet<>();
      boolean readsKafkaSettings = false;
      boolean usesAwsSdk = false;
      String ownSources = "";
      for (String module : withProjectDependencies(name)) {
        // The AWS SDK on its class path (drs-client's), not only in its tests.
        usesAwsSdk |=
            dependencies(read(REPO.resolve(module).resolve("pom.xml"))).stream()
                .anyMatch(d -> d[0].equals("software.amazon.awssdk"));
        for (Path source : javaSources(REPO.resolve(module))) {
          JavaText text = JavaText.of(read(source));
          strings.addAll(text.strings());
          mappingNames.addAll(configMappingNames(text.code()));
          if (module.equals(name)) {
            readsKafkaSettings |= text.code().contains("KafkaClientSettings.from(");
            ownSources += text.code();
          }
        }
      }
      // The port: quarkus.http.port=${HTTP_PORT:8080}, or the simulator's getInt("http.port",
      // 8090).
      String portVariable;
      int defaultPort;
      Matcher quarkusPort =
          Pattern.compile("\\$\\{([A-Z0-9_]+):(\\d+)}")
              .matcher(properties.getProperty("quarkus.http.port", ""));
      Matcher plainPort =
          Pattern.compile("getInt\\(\\s*\"http\\.port\"\\s*,\\s*(\\d+)\\s*\\)").matcher(ownSources);
      if (quarkusPort.matches()) {
        portVariable = quarkusPort.group(1);
        defaultPort = Integer.parseInt(quarkusPort.group(2));
      } else if (plainPort.find()) {
        portVariable = "HTTP_PORT";
        defaultPort = Integer.parseInt(plainPort.group(1));
      } else {
        throw new AssertionError(name + ": no HTTP port found (quarkus.http.port=${VAR:port})");
      }
      Path docker = dir.resolve("src/main/docker");
      Path dockerfile =
          Stream.of("Dockerfile.jvm", "Dockerfile")
              .map(docker::resolve)
              .filter(Files::isRegularFile)
              .findFirst()
              .orElse(null);
      Matcher version =
          Pattern.compile("(?s)<parent>.*?<version>([^<]+)</version>.*?</parent>").matcher(pom);
      return new Module(
          name,
          pom,
          version.find() ? version.group(1).trim() : "?",
          dockerfile,
          pom.contains("<groupId>io.quarkus</groupId>"),
          properties,
          propertiesText,
          keys,
          strings,
          mappingNames,
          readsKafkaSettings,
          usesAwsSdk,
          portVariable,
          defaultPort);
    }

    /** The port it listens on with this environment: its port variable, else its default. */
    int httpPort(Map<String, String> env) {
      for (String variable :
          quarkus ? List.of(portVariable, "QUARKUS_HTTP_PORT") : List.of(portVariable)) {
        String value = env.get(variable);
        if (value != null && value.matches("\\d+")) {
          return Integer.parseInt(value);
        }
      }
      return defaultPort;
    }

    /** The tag its images carry: the project's version, without -SNAPSHOT. */
    String imageTag() {
      return version.replace("-SNAPSHOT", "");
    }
  }

  /** The module and the project modules it depends on outside tests, transitively. */
  static Set<String> withProjectDependencies(String module) {
    Set<String> found = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(module));
    while (!todo.isEmpty()) {
      String next = todo.remove(0);
      if (!found.add(next)) {
        continue;
      }
      for (String[] dependency : dependencies(read(REPO.resolve(next).resolve("pom.xml")))) {
        if (dependency[0].equals("io.drsorch")
            && Files.isDirectory(REPO.resolve(dependency[1]).resolve("src/main/java"))) {
          todo.add(dependency[1]);
        }
      }
    }
    return found;
  }

  /** A pom's dependencies outside the test scope, as {groupId, artifactId}. */
  static List<String[]> dependencies(String pom) {
    String declared =
        pom.replaceAll("(?s)<!--.*?-->", "")
            .replaceAll("(?s)<dependencyManagement>.*?</dependencyManagement>", "")
            .replaceAll("(?s)<build>.*?</build>", "");
    List<String[]> dependencies = new ArrayList<>();
    Matcher block = Pattern.compile("(?s)<dependency>(.*?)</dependency>").matcher(declared);
    while (block.find()) {
      String body = block.group(1);
      if (!body.contains("<scope>test</scope>")) {
        dependencies.add(new String[] {tag(body, "groupId"), tag(body, "artifactId")});
      }
    }
    return dependencies;
  }

  private static String tag(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">\\s*([^<]+?)\\s*</" + tag + ">").matcher(xml);
    return m.find() ? m.group(1) : "";
  }

  private static List<Path> javaSources(Path module) {
    Path root = module.resolve("src/main/java");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Java source without its comments (a name in a comment reads nothing), and its strings. */
  record JavaText(String code, List<String> strings) {

    static JavaText of(String source) {
      StringBuilder code = new StringBuilder();
      List<String> strings = new ArrayList<>();
      int i = 0;
      int n = source.length();
      while (i < n) {
        char c = source.charAt(i);
        if (source.startsWith("//", i)) {
          int end = source.indexOf('\n', i);
          i = end < 0 ? n : end;
        } else if (source.startsWith("/*", i)) {
          int end = source.indexOf("*/", i + 2);
          i = end < 0 ? n : end + 2;
          code.append(' ');
        } else if (source.startsWith("\"\"\"", i)) {
          int end = source.indexOf("\"\"\"", i + 3);
          end = end < 0 ? n : end;
          strings.add(source.substring(i + 3, end));
          code.append(source, i, Math.min(n, end + 3));
          i = end + 3;
        } else if (c == '"' || c == '\'') {
          StringBuilder literal = new StringBuilder();
          int j = i + 1;
          while (j < n && source.charAt(j) != c) {
            if (source.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            literal.append(source.charAt(j++));
          }
          if (c == '"') {
            strings.add(literal.toString());
          }
          code.append(source, i, Math.min(n, j + 1));
          i = j + 1;
        } else {
          code.append(c);
          i++;
        }
      }
      return new JavaText(code.toString(), strings);
    }
  }

  private static final Pattern CONFIG_MAPPING =
      Pattern.compile(
          "@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)\\s*(?:public\\s+)?interface\\s+(\\w+)");
  private static final Pattern MAPPING_MEMBER =
      Pattern.compile(
          "((?:@\\w+(?:\\([^)]*\\))?\\s*)*)([\\w.]+(?:<[^;(){}]*>)?)\\s+(\\w+)\\(\\s*\\)\\s*;");
  private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"\\s*\\)");

  /**
   * The full names of the settings of every @ConfigMapping interface in a source, as SmallRye names
   * them: the prefix, then each method's @WithName or its name in kebab case, a nested interface's
   * methods under the name of the method returning it.
   */
  static Set<String> configMappingNames(String code) {
    Set<String> names = new TreeSet<>();
    Matcher mapping = CONFIG_MAPPING.matcher(code);
    while (mapping.find()) {
      collectMapping(code, mapping.group(2), mapping.group(1), names);
    }
    return names;
  }

  private static void collectMapping(String code, String type, String prefix, Set<String> names) {
    String body = withoutNestedTypes(typeBody(code, type));
    Matcher member = MAPPING_MEMBER.matcher(body);
    while (member.find()) {
      Matcher withName = WITH_NAME.matcher(member.group(1));
      String name = withName.find() ? withName.group(1) : kebab(member.group(3));
      String returned = member.group(2).replaceAll("<.*", "");
      if (Pattern.compile("\\binterface\\s+" + Pattern.quote(returned) + "\\b")
          .matcher(code)
          .find()) {
        collectMapping(code, returned, prefix + "." + name, names);
      } else {
        names.add(prefix + "." + name);
      }
    }
  }

  /** What is between the braces of {@code interface type}. */
  private static String typeBody(String code, String type) {
    Matcher declaration =
        Pattern.compile("\\binterface\\s+" + Pattern.quote(type) + "\\b[^{]*\\{").matcher(code);
    if (!declaration.find()) {
      return "";
    }
    int depth = 1;
    int i = declaration.end();
    while (i < code.length() && depth > 0) {
      char c = code.charAt(i++);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    }
    return code.substring(declaration.end(), i - 1);
  }

  private static String withoutNestedTypes(String body) {
    StringBuilder own = new StringBuilder();
    int depth = 0;
    for (char c : body.toCharArray()) {
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        own.append(';');
      } else if (depth == 0) {
        own.append(c);
      }
    }
    // What remains of a nested type is its header ("interface Poll;"): no member.
    return own.toString().replaceAll("\\binterface\\s+\\w+[^;]*;", "");
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  // --- Dockerfiles -------------------------------------------------------------------------------

  /** What a Dockerfile says, instruction by instruction, continuation lines joined. */
  record Dockerfile(
      Path file,
      String text,
      Map<String, String> env,
      List<Integer> exposed,
      String healthcheck,
      Map<String, String> copies,
      String user) {

    static Dockerfile parse(Path file) {
      String text = read(file);
      Map<String, String> env = new LinkedHashMap<>();
      List<Integer> exposed = new ArrayList<>();
      Map<String, String> copies = new LinkedHashMap<>();
      String healthcheck = "";
      String user = null;
      for (String line : text.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] instruction = trimmed.split("\\s+", 2);
        String arguments = instruction.length > 1 ? instruction[1] : "";
        switch (instruction[0].toUpperCase(Locale.ROOT)) {
          case "ENV" -> env.putAll(envArguments(arguments));
          case "EXPOSE" -> {
            for (String port : arguments.split("\\s+")) {
              exposed.add(Integer.parseInt(port.replace("/tcp", "")));
            }
          }
          case "HEALTHCHECK" -> healthcheck = arguments;
          case "USER" -> user = arguments.split(":")[0];
          case "COPY" -> {
            List<String> words = new ArrayList<>(List.of(arguments.split("\\s+")));
            words.removeIf(w -> w.startsWith("--"));
            String destination = words.remove(words.size() - 1);
            words.forEach(source -> copies.put(source, destination));
          }
          default -> {}
        }
      }
      return new Dockerfile(file, text, env, exposed, healthcheck, copies, user);
    }

    /** {@code KEY=value KEY2="a value"}, or the old {@code KEY value}. */
    private static Map<String, String> envArguments(String arguments) {
      Map<String, String> env = new LinkedHashMap<>();
      if (!arguments.split("\\s+")[0].contains("=")) {
        String[] pair = arguments.split("\\s+", 2);
        env.put(pair[0], pair.length > 1 ? pair[1] : "");
        return env;
      }
      Matcher pair =
          Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)")
              .matcher(arguments);
      while (pair.find()) {
        String value = pair.group(2);
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
          value = value.substring(1, value.length() - 1);
        }
        env.put(pair.group(1), value);
      }
      return env;
    }
  }

  // --- compose -----------------------------------------------------------------------------------

  private static Map<String, JsonNode> composeServices() {
    Map<String, JsonNode> services = new TreeMap<>();
    compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
    return services;
  }

  /** The compose services that run one of our modules (built from it, or its image), by name. */
  private static Map<String, String> composeModules() {
    Map<String, String> modules = new TreeMap<>();
    composeServices()
        .forEach(
            (name, service) -> {
              JsonNode build = service.path("build");
              if (!build.isMissingNode()) {
                String context =
                    build.isTextual() ? build.asText() : build.path("context").asText();
                modules.put(
                    name,
                    COMPOSE.getParent().resolve(context).normalize().getFileName().toString());
              } else {
                ourImageModule(service.path("image").asText(""))
                    .ifPresent(m -> modules.put(name, m));
              }
            });
    return modules;
  }

  /** A compose service's environment, in its map or its list form. */
  private static Map<String, String> composeEnv(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode environment = service.path("environment");
    if (environment.isArray()) {
      environment.forEach(
          e -> {
            String[] pair = e.asText().split("=", 2);
            env.put(pair[0], pair.length > 1 ? pair[1] : null);
          });
    } else {
      environment
          .fields()
          .forEachRemaining(
              e -> env.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    }
    return env;
  }

  private static String healthcheck(JsonNode service) {
    JsonNode test = service.path("healthcheck").path("test");
    if (test.isArray()) {
      List<String> words = new ArrayList<>();
      test.forEach(w -> words.add(w.asText()));
      return String.join(" ", words);
    }
    return test.asText("");
  }

  /** The container side of a published port: "127.0.0.1:8080:8080", "8080", or the long form. */
  private static int containerPort(JsonNode published) {
    if (published.isObject()) {
      return published.path("target").asInt();
    }
    String[] parts = published.asText().split(":");
    return Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""));
  }

  // --- Kubernetes --------------------------------------------------------------------------------

  /** One document of a Kubernetes file. */
  record Resource(Path file, JsonNode node) {
    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return file + " " + kind() + " " + name();
    }
  }

  /** A Deployment or StatefulSet, and which of our modules its image runs. */
  record Workload(Resource resource) {
    String kind() {
      return resource.kind();
    }

    JsonNode spec() {
      return resource.node().path("spec");
    }

    JsonNode podMetadata() {
      return spec().path("template").path("metadata");
    }

    JsonNode podSpec() {
      return spec().path("template").path("spec");
    }

    List<JsonNode> containers() {
      List<JsonNode> containers = new ArrayList<>();
      podSpec().path("initContainers").forEach(containers::add);
      podSpec().path("containers").forEach(containers::add);
      return containers;
    }

    Optional<String> module() {
      return containers().stream()
          .map(c -> ourImageModule(c.path("image").asText("")))
          .flatMap(Optional::stream)
          .findFirst();
    }

    JsonNode ourContainer() {
      return containers().stream()
          .filter(c -> ourImageModule(c.path("image").asText("")).isPresent())
          .findFirst()
          .orElseThrow();
    }

    @Override
    public String toString() {
      return resource.toString();
    }
  }

  private static List<Resource> kinds(String kind) {
    return K8S_RESOURCES.stream().filter(r -> r.kind().equals(kind)).toList();
  }

  private static List<Workload> workloads() {
    return K8S_RESOURCES.stream()
        .filter(r -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(r.kind()))
        .map(Workload::new)
        .toList();
  }

  private static Workload workload(String module) {
    return workloads().stream()
        .filter(w -> w.module().equals(Optional.of(module)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload runs " + module));
  }

  private static Resource kafkaCluster() {
    List<Resource> clusters = kinds("Kafka");
    assertThat(clusters).as("Kafka clusters in k8s/").hasSize(1);
    return clusters.get(0);
  }

  /** The listener the services use: TLS, with SCRAM-SHA-512 logins. */
  private static JsonNode tlsScramListener(Resource kafka) {
    for (JsonNode listener : kafka.node().path("spec").path("kafka").path("listeners")) {
      if (listener.path("tls").asBoolean()
          && "scram-sha-512".equals(listener.path("authentication").path("type").asText())) {
        return listener;
      }
    }
    return null;
  }

  /**
   * Whether Strimzi writes this Secret key: a KafkaUser's login, or the cluster CA's truststore.
   */
  private static boolean strimziSecret(
      String secret, String key, Set<String> users, String caSecret) {
    return (users.contains(secret) && Set.of("sasl.jaas.config", "password").contains(key))
        || (caSecret.equals(secret) && Set.of("ca.crt", "ca.p12", "ca.password").contains(key));
  }

  /**
   * The files a container sees of a Secret's volumes: path in the container to the Secret's key.
   */
  private static Map<String, String> mountedSecretFiles(
      JsonNode podSpec, JsonNode container, String secret) {
    Map<String, String> files = new TreeMap<>();
    for (JsonNode volume : podSpec.path("volumes")) {
      if (!secret.equals(volume.path("secret").path("secretName").asText())) {
        continue;
      }
      for (JsonNode mount : container.path("volumeMounts")) {
        if (mount.path("name").asText().equals(volume.path("name").asText())) {
          for (JsonNode item : volume.path("secret").path("items")) {
            files.put(
                mount.path("mountPath").asText() + "/" + item.path("path").asText(),
                item.path("key").asText());
          }
        }
      }
    }
    return files;
  }

  /** The resources of a kind whose selector picks the workload's pods. */
  private static List<Resource> selecting(
      String kind, Workload workload, java.util.function.Function<Resource, JsonNode> selector) {
    Map<String, String> labels = strings(workload.podMetadata().path("labels"));
    return kinds(kind).stream()
        .filter(
            r -> {
              Map<String, String> wanted = strings(selector.apply(r));
              return !wanted.isEmpty() && labels.entrySet().containsAll(wanted.entrySet());
            })
        .toList();
  }

  private static JsonNode envEntry(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** A container's variables; those from a Secret, ConfigMap or field have no literal value. */
  private static Map<String, String> literalEnv(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    container
        .path("env")
        .forEach(
            v ->
                env.put(v.path("name").asText(), v.has("value") ? v.path("value").asText() : null));
    return env;
  }

  /** A port as a number: a number, or the name of one of the container's ports. */
  private static int portNumber(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode declared : container.path("ports")) {
      if (port.asText().equals(declared.path("name").asText())) {
        return declared.path("containerPort").asInt();
      }
    }
    return -1;
  }

  // --- every place a service is configured -------------------------------------------------------

  /** A container's environment, where it is set, and the module it runs (null: not ours). */
  record Site(String where, String module, Map<String, String> env) {
    @Override
    public String toString() {
      return where;
    }
  }

  /** Every environment of the files: Dockerfiles, compose services, Kubernetes containers. */
  private static List<Site> sites() {
    List<Site> sites = new ArrayList<>();
    DOCKERFILES.forEach(
        (name, dockerfile) ->
            sites.add(new Site(dockerfile.file().toString(), name, dockerfile.env())));
    Map<String, String> ours = composeModules();
    composeServices()
        .forEach(
            (name, service) ->
                sites.add(
                    new Site(COMPOSE + " service " + name, ours.get(name), composeEnv(service))));
    for (Workload workload : workloads()) {
      for (JsonNode container : workload.containers()) {
        sites.add(
            new Site(
                workload + " container " + container.path("name").asText(),
                ourImageModule(container.path("image").asText("")).orElse(null),
                literalEnv(container)));
      }
    }
    return sites;
  }

  /**
   * The port each of our services listens on, by the host names others call it: compose service
   * names, and Kubernetes Service names (also with their namespace and cluster suffixes).
   */
  private static Map<String, Integer> servicePortsByHost() {
    Map<String, Integer> ports = new TreeMap<>();
    composeModules()
        .forEach(
            (name, module) ->
                ports.put(
                    name, MODULES.get(module).httpPort(composeEnv(composeServices().get(name)))));
    for (Workload workload : workloads()) {
      workload
          .module()
          .ifPresent(
              module -> {
                int port = MODULES.get(module).httpPort(literalEnv(workload.ourContainer()));
                for (Resource service :
                    selecting("Service", workload, r -> r.node().path("spec").path("selector"))) {
                  ports.put(service.name(), port);
                  String namespace = namespace();
                  for (String suffix :
                      List.of(
                          "." + namespace,
                          "." + namespace + ".svc",
                          "." + namespace + ".svc.cluster.local")) {
                    ports.put(service.name() + suffix, port);
                  }
                }
              });
    }
    return ports;
  }

  private static String namespace() {
    return single(K8S.resolve("kustomization.yaml")).path("namespace").asText("default");
  }

  // --- small helpers -----------------------------------------------------------------------------

  /** host:port[/path] in a text, with or without a scheme. */
  record Address(String host, int port, String path) {}

  private static Stream<Address> urls(String text) {
    if (text == null) {
      return Stream.empty();
    }
    List<Address> found = new ArrayList<>();
    Matcher url = URL.matcher(text);
    while (url.find()) {
      found.add(
          new Address(
              url.group(1),
              Integer.parseInt(url.group(2)),
              url.group(3) == null ? "" : url.group(3)));
    }
    return found.stream();
  }

  private static Stream<String> topicMentions(String value) {
    if (value == null) {
      return Stream.empty();
    }
    List<String> found = new ArrayList<>();
    Matcher topic = TOPIC_MENTION.matcher(value.replace("\\.", "."));
    while (topic.find()) {
      found.add(topic.group());
    }
    return found.stream();
  }

  private static Optional<String> ourImageModule(String image) {
    Matcher m = OUR_IMAGE.matcher(image);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** An image of ours names a module with a Dockerfile, tagged with the project's version. */
  private static void checkOurImage(String where, String image, List<String> problems) {
    Matcher m = OUR_IMAGE.matcher(image);
    if (!m.matches()) {
      problems.add(where + ": image " + image + " is not drs-orchestrator/<module>:<version>");
      return;
    }
    Module module = MODULES.get(m.group(1));
    if (module == null || module.dockerfile() == null) {
      problems.add(
          where
              + ": image "
              + image
              + " names no module with a Dockerfile ("
              + MODULES.keySet()
              + ")");
    } else if (!module.imageTag().equals(m.group(2))) {
      problems.add(
          where
              + ": image "
              + image
              + " is not tagged "
              + module.imageTag()
              + ", the project's version");
    }
  }

  private static void samePort(String where, int actual, int expected, List<String> problems) {
    if (actual != expected) {
      problems.add(where + ": port " + actual + ", the service listens on " + expected);
    }
  }

  private static void expectPath(
      String where, JsonNode httpGet, String path, List<String> problems) {
    if (!path.equals(httpGet.path("path").asText(null))) {
      problems.add(
          where + ": path " + httpGet.path("path").asText("(none)") + ", expected " + path);
    }
  }

  /** A Quarkus service's readiness endpoint, or a route the simulator's sources serve. */
  private static void expectHealthPath(
      String where, String module, String path, List<String> problems) {
    boolean ok =
        MODULES.get(module).quarkus()
            ? path.equals("/q/health/ready")
            : MODULES.get(module).strings().contains("GET " + path);
    if (!ok) {
      problems.add(
          where
              + ": health check calls "
              + path
              + ", which "
              + module
              + " does not serve as its readiness");
    }
  }

  private static void expectValue(
      String where, Map<String, String> env, String name, String value, List<String> problems) {
    if (!value.equals(env.get(name))) {
      problems.add(where + ": " + name + "=" + env.get(name) + ", expected " + value);
    }
  }

  /** An object's fields as text. */
  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new TreeMap<>();
    object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  /** Every document of a YAML file (Kubernetes files hold several, separated by ---). */
  static List<JsonNode> documents(Path file) {
    try (MappingIterator<JsonNode> iterator =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> documents = new ArrayList<>();
      while (iterator.hasNext()) {
        JsonNode document = iterator.next();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static JsonNode single(Path file) {
    List<JsonNode> documents = documents(file);
    assertThat(documents).as(file.toString()).hasSize(1);
    return documents.get(0);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
