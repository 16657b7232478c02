package io.drsorch.deploy.manifests;

import static io.drsorch.deploy.manifests.ServiceModule.ourImageModule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The deployment files as parsed: each module's Dockerfile, the compose file and the Kubernetes
 * manifests, with what the checks ask of them (services, workloads, their containers' variables and
 * ports, the Secrets and ConfigMaps they read). Nothing here judges a file: the test does, against
 * the {@link ServiceModule}s the files were read for. Paths are relative to {@code deploy/}, the
 * tests' working directory.
 */
final class DeploymentFiles {

  static final Path COMPOSE = Path.of("compose", "compose.yaml");
  static final Path K8S = Path.of("k8s");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The modules the files were read for: their HTTP ports are where others call them. */
  private final Map<String, ServiceModule> serviceModules;

  private final Map<String, Dockerfile> dockerfiles;
  private final JsonNode compose;
  private final List<Resource> resources;

  private DeploymentFiles(
      Map<String, ServiceModule> serviceModules,
      Map<String, Dockerfile> dockerfiles,
      JsonNode compose,
      List<Resource> resources) {
    this.serviceModules = serviceModules;
    this.dockerfiles = dockerfiles;
    this.compose = compose;
    this.resources = resources;
  }

  /** The Dockerfiles of these modules (those that have one), compose.yaml and every k8s file. */
  static DeploymentFiles read(Map<String, ServiceModule> serviceModules) throws IOException {
    Map<String, Dockerfile> dockerfiles = new TreeMap<>();
    serviceModules.forEach(
        (name, module) -> {
          if (module.dockerfile() != null) {
            dockerfiles.put(name, Dockerfile.parse(module.dockerfile()));
          }
        });
    JsonNode compose = single(COMPOSE);
    List<Resource> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode node : documents(file)) {
          resources.add(new Resource(file, node));
        }
      }
    }
    return new DeploymentFiles(serviceModules, dockerfiles, compose, resources);
  }

  /** Each module's parsed Dockerfile, by module name. */
  Map<String, Dockerfile> dockerfiles() {
    return dockerfiles;
  }

  // --- compose -----------------------------------------------------------------------------------

  /** The compose services, by name. */
  Map<String, JsonNode> composeServices() {
    Map<String, JsonNode> services = new TreeMap<>();
    compose.path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
    return services;
  }

  /** The compose services that run one of our modules (built from it, or its image), by name. */
  Map<String, String> composeModules() {
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
  static Map<String, String> composeEnv(JsonNode service) {
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

  /** A compose service's health check command, as one line. */
  static String healthcheck(JsonNode service) {
    JsonNode test = service.path("healthcheck").path("test");
    if (test.isArray()) {
      List<String> words = new ArrayList<>();
      test.forEach(w -> words.add(w.asText()));
      return String.join(" ", words);
    }
    return test.asText("");
  }

  /** The container side of a published port: "127.0.0.1:8080:8080", "8080", or the long form. */
  static int containerPort(JsonNode published) {
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

  /** Every Kubernetes document of a kind, in file order. */
  List<Resource> kinds(String kind) {
    return resources.stream().filter(r -> r.kind().equals(kind)).toList();
  }

  /** Every Deployment, StatefulSet and DaemonSet, ours or not. */
  List<Workload> workloads() {
    return resources.stream()
        .filter(r -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(r.kind()))
        .map(Workload::new)
        .toList();
  }

  /** The workload that runs a module of ours; failing the test when none does. */
  Workload workload(String module) {
    return workloads().stream()
        .filter(w -> w.module().equals(Optional.of(module)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload runs " + module));
  }

  /** The one Strimzi Kafka cluster the services connect to. */
  Resource kafkaCluster() {
    List<Resource> clusters = kinds("Kafka");
    assertThat(clusters).as("Kafka clusters in k8s/").hasSize(1);
    return clusters.get(0);
  }

  /** The listener the services use: TLS, with SCRAM-SHA-512 logins. */
  static JsonNode tlsScramListener(Resource kafka) {
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
  static boolean strimziSecret(String secret, String key, Set<String> users, String caSecret) {
    return (users.contains(secret) && Set.of("sasl.jaas.config", "password").contains(key))
        || (caSecret.equals(secret) && Set.of("ca.crt", "ca.p12", "ca.password").contains(key));
  }

  /**
   * The files a container sees of a Secret's volumes: path in the container to the Secret's key.
   */
  static Map<String, String> mountedSecretFiles(
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
  List<Resource> selecting(String kind, Workload workload, Function<Resource, JsonNode> selector) {
    Map<String, String> labels = strings(workload.podMetadata().path("labels"));
    return kinds(kind).stream()
        .filter(
            r -> {
              Map<String, String> wanted = strings(selector.apply(r));
              return !wanted.isEmpty() && labels.entrySet().containsAll(wanted.entrySet());
            })
        .toList();
  }

  /** A container's variable as declared (value or valueFrom); missing when it has none. */
  static JsonNode envEntry(JsonNode container, String name) {
    for (JsonNode variable : container.path("env")) {
      if (name.equals(variable.path("name").asText())) {
        return variable;
      }
    }
    return MissingNode.getInstance();
  }

  /** A container's variables; those from a Secret, ConfigMap or field have no literal value. */
  static Map<String, String> literalEnv(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    container
        .path("env")
        .forEach(
            v ->
                env.put(v.path("name").asText(), v.has("value") ? v.path("value").asText() : null));
    return env;
  }

  /** A port as a number: a number, or the name of one of the container's ports. */
  static int portNumber(JsonNode container, JsonNode port) {
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
  List<Site> sites() {
    List<Site> sites = new ArrayList<>();
    dockerfiles.forEach(
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
  Map<String, Integer> servicePortsByHost() {
    Map<String, Integer> ports = new TreeMap<>();
    composeModules()
        .forEach(
            (name, module) ->
                ports.put(
                    name,
                    serviceModules.get(module).httpPort(composeEnv(composeServices().get(name)))));
    for (Workload workload : workloads()) {
      workload
          .module()
          .ifPresent(
              module -> {
                int port = serviceModules.get(module).httpPort(literalEnv(workload.ourContainer()));
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

  /** The namespace kustomize puts every resource in. */
  private static String namespace() {
    return single(K8S.resolve("kustomization.yaml")).path("namespace").asText("default");
  }

  // --- YAML --------------------------------------------------------------------------------------

  /** An object's fields as text. */
  static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new TreeMap<>();
    object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }

  /** Every document of a YAML file (Kubernetes files hold several, separated by ---). */
  private static List<JsonNode> documents(Path file) {
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

  /** The one document of a YAML file (compose.yaml, kustomization.yaml). */
  static JsonNode single(Path file) {
    List<JsonNode> documents = documents(file);
    assertThat(documents).as(file.toString()).hasSize(1);
    return documents.get(0);
  }
}
