package io.drsorch.deploy.manifests;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One of our modules as its sources say: what the deployment files are checked against. Read from
 * the module's pom, application.properties and Java sources (its own and those of the project
 * modules it depends on, whose settings it reads too), never from a build: the checks see what a
 * renamed setting or a moved port changes before anything is packaged.
 */
record ServiceModule(
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

  /** The checkout's root, seen from {@code deploy/} (the tests' working directory). */
  private static final Path REPO = Path.of("..");

  /** An image of ours as the Dockerfiles' build commands tag it; a registry may come before it. */
  static final Pattern OUR_IMAGE =
      Pattern.compile("(?:\\S+/)?drs-orchestrator/([a-z0-9-]+)(?::([\\w.-]+))?");

  static ServiceModule load(String name) {
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
        mappingNames.addAll(JavaText.configMappingNames(text.code()));
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
    return new ServiceModule(
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

  /** The module an image of ours runs; empty for anyone else's image (Kafka, Keycloak, ...). */
  static Optional<String> ourImageModule(String image) {
    Matcher m = OUR_IMAGE.matcher(image);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The module and the project modules it depends on outside tests, transitively. */
  private static Set<String> withProjectDependencies(String module) {
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
  private static List<String[]> dependencies(String pom) {
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

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
