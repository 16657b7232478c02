package io.drsorch.deploy.manifests;

import static io.drsorch.deploy.manifests.DeploymentFiles.COMPOSE;
import static io.drsorch.deploy.manifests.DeploymentFiles.K8S;
import static io.drsorch.deploy.manifests.DeploymentFiles.composeEnv;
import static io.drsorch.deploy.manifests.DeploymentFiles.containerPort;
import static io.drsorch.deploy.manifests.DeploymentFiles.envEntry;
import static io.drsorch.deploy.manifests.DeploymentFiles.healthcheck;
import static io.drsorch.deploy.manifests.DeploymentFiles.literalEnv;
import static io.drsorch.deploy.manifests.DeploymentFiles.mountedSecretFiles;
import static io.drsorch.deploy.manifests.DeploymentFiles.portNumber;
import static io.drsorch.deploy.manifests.DeploymentFiles.single;
import static io.drsorch.deploy.manifests.DeploymentFiles.strimziSecret;
import static io.drsorch.deploy.manifests.DeploymentFiles.strings;
import static io.drsorch.deploy.manifests.DeploymentFiles.tlsScramListener;
import static io.drsorch.deploy.manifests.EnvironmentRules.explainUnread;
import static io.drsorch.deploy.manifests.EnvironmentRules.reader;
import static io.drsorch.deploy.manifests.EnvironmentRules.unknownJvmOptions;
import static io.drsorch.deploy.manifests.Mentions.topicMentions;
import static io.drsorch.deploy.manifests.Mentions.urls;
import static io.drsorch.deploy.manifests.ServiceModule.OUR_IMAGE;
import static io.drsorch.deploy.manifests.ServiceModule.ourImageModule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.manifests.DeploymentFiles.Resource;
import io.drsorch.deploy.manifests.DeploymentFiles.Site;
import io.drsorch.deploy.manifests.DeploymentFiles.Workload;
import io.drsorch.deploy.manifests.Mentions.Address;
import io.drsorch.schemas.topics.TopicSpec;
import io.drsorch.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * <p>This class holds the checks only. What they compare lives beside it: {@link ServiceModule} (a
 * module as its sources say), {@link DeploymentFiles} (the Dockerfiles, compose and Kubernetes
 * files as parsed), {@link EnvironmentRules} (which variables a service reads) and {@link Mentions}
 * (the addresses and topics a setting's value names).
 *
 * <p>Runs with {@code deploy/} as working directory, like the other tests of this module.
 */
class DeploymentFilesTest {

  /** The four services: each runs in compose and on Kubernetes. */
  private static final List<String> SERVICES =
      List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher");

  /** The DRS simulator: a container in compose only (a cluster calls the real DRS). */
  private static final String SIMULATOR = "drs-simulator";

  /** Our modules as their sources say, by name: what the files are held to. */
  private static final Map<String, ServiceModule> MODULES = new TreeMap<>();

  /** The Dockerfiles, compose and Kubernetes files, parsed once for every check. */
  private static DeploymentFiles deployment;

  @BeforeAll
  static void readEverything() throws IOException {
    for (String name : concat(SERVICES, List.of(SIMULATOR))) {
      MODULES.put(name, ServiceModule.load(name));
    }
    deployment = DeploymentFiles.read(MODULES);
  }

  // --- (a) images and Dockerfiles ----------------------------------------------------------------

  @Test
  void everyImageOfOursIsBuiltFromAModuleWithItsDockerfile() {
    List<String> problems = new ArrayList<>();
    // Every module that runs in a container has its Dockerfile, whose build command names it.
    for (ServiceModule module : MODULES.values()) {
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
      if (!deployment.dockerfiles().get(module.name()).text().contains(buildCommand)) {
        problems.add(module.dockerfile() + ": its comment does not say `" + buildCommand + "`");
      }
    }
    // compose: a build's context is one of our modules, its dockerfile is there, its tag is ours.
    deployment
        .composeServices()
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
    for (Workload workload : deployment.workloads()) {
      for (JsonNode container : workload.containers()) {
        String image = container.path("image").asText();
        if (image.contains("drs-orchestrator/")) {
          checkOurImage(
              workload + " container " + container.path("name").asText(), image, problems);
        }
      }
    }
    // Each service runs in both, the simulator in compose (a cluster runs against real DRS).
    assertThat(deployment.composeModules().values())
        .as("compose services of ours")
        .containsAll(MODULES.keySet());
    assertThat(
            deployment.workloads().stream()
                .map(Workload::module)
                .flatMap(Optional::stream)
                .toList())
        .as("Kubernetes workloads of ours")
        .containsExactlyInAnyOrderElementsOf(SERVICES);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyDockerfileCopiesWhatItsModuleBuildsAndRunsItAsAnotherUserThanRoot() {
    List<String> problems = new ArrayList<>();
    deployment
        .dockerfiles()
        .forEach(
            (name, dockerfile) -> {
              ServiceModule module = MODULES.get(name);
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
    assertThat(deployment.dockerfiles()).as("Dockerfiles").hasSize(MODULES.size());
    assertThat(problems).isEmpty();
  }

  // --- (b) ports ---------------------------------------------------------------------------------

  @Test
  void everyPortOfAServiceIsItsHttpPort() {
    List<String> problems = new ArrayList<>();
    // Dockerfiles: EXPOSE and the health check.
    deployment
        .dockerfiles()
        .forEach(
            (name, dockerfile) -> {
              int port = MODULES.get(name).httpPort(dockerfile.env());
              dockerfile
                  .exposed()
                  .forEach(p -> samePort(name + "'s Dockerfile EXPOSE", p, port, problems));
              urls(dockerfile.healthcheck())
                  .forEach(
                      u -> samePort(name + "'s Dockerfile HEALTHCHECK", u.port(), port, problems));
            });
    // compose: the published ports' container side and the health checks.
    deployment
        .composeModules()
        .forEach(
            (name, module) -> {
              JsonNode service = deployment.composeServices().get(name);
              int port = MODULES.get(module).httpPort(composeEnv(service));
              for (JsonNode published : service.path("ports")) {
                samePort("compose " + name + " ports", containerPort(published), port, problems);
              }
              urls(healthcheck(service))
                  .forEach(
                      u -> samePort("compose " + name + " healthcheck", u.port(), port, problems));
            });
    // Kubernetes: container ports, probes, the Prometheus annotation, the Services in front.
    for (Workload workload : deployment.workloads()) {
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
          deployment.selecting("Service", workload, r -> r.node().path("spec").path("selector"));
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
    Map<String, Integer> ports = deployment.servicePortsByHost();
    for (Site site : deployment.sites()) {
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
    for (Workload workload : deployment.workloads()) {
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
    deployment
        .dockerfiles()
        .forEach(
            (name, dockerfile) ->
                urls(dockerfile.healthcheck())
                    .forEach(
                        u -> expectHealthPath(name + "'s Dockerfile", name, u.path(), problems)));
    deployment
        .composeModules()
        .forEach(
            (name, module) -> {
              List<Address> checks =
                  urls(healthcheck(deployment.composeServices().get(name))).toList();
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
    for (Site site : deployment.sites()) {
      if (site.module() == null) {
        continue;
      }
      ServiceModule module = MODULES.get(site.module());
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
    assertThat(deployment.sites().stream().filter(s -> s.module() != null))
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
    String cluster = deployment.kafkaCluster().name();
    Set<String> declared = new TreeSet<>();
    int mostReplicas =
        deployment.workloads().stream()
            .mapToInt(w -> w.spec().path("replicas").asInt(1))
            .max()
            .orElse(1);
    for (Resource topic : deployment.kinds("KafkaTopic")) {
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
      if (!Objects.equals(retention, config.get("retention.ms"))) {
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
    for (Site site : deployment.sites()) {
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
    for (Resource configMap : deployment.kinds("ConfigMap")) {
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
    Map<String, JsonNode> services = deployment.composeServices();
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
    deployment
        .composeModules()
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
    Resource kafka = deployment.kafkaCluster();
    String cluster = kafka.name();
    String caSecret = cluster + "-cluster-ca-cert";
    Set<String> users =
        deployment.kinds("KafkaUser").stream()
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
    for (Workload workload : deployment.workloads()) {
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
                deployment.kinds("ConfigMap").stream()
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
        if (deployment
            .selecting(
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
    Workload launcher = deployment.workload("drs-launcher");
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

    Workload scheduler = deployment.workload("wave-scheduler");
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
    // Standby replicas, as the Quarkus extension passes them on (see
    // EnvironmentRules.unknownJvmOptions).
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

  // --- how a check reports -----------------------------------------------------------------------

  /** An image of ours names a module with a Dockerfile, tagged with the project's version. */
  private static void checkOurImage(String where, String image, List<String> problems) {
    Matcher m = OUR_IMAGE.matcher(image);
    if (!m.matches()) {
      problems.add(where + ": image " + image + " is not drs-orchestrator/<module>:<version>");
      return;
    }
    ServiceModule module = MODULES.get(m.group(1));
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

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
