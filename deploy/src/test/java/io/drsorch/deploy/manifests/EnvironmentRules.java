package io.drsorch.deploy.manifests;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Which environment variables, and which -D options of JAVA_OPTS_APPEND, a service reads: the rules
 * by which a variable set in a deployment file reaches a setting of its module. Kept apart from the
 * files and the modules because they are the one place that knows how configuration travels
 * (SmallRye Config's names, KafkaClientSettings, the base image, the AWS SDK), so that a variable
 * nothing reads fails the build instead of being silently ignored at run time.
 */
final class EnvironmentRules {

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

  /**
   * Why a variable given to a module's container reaches a setting of it, or empty when nothing
   * reads it. The services read configuration the Quarkus way (SmallRye Config: a variable is the
   * property in upper case with '.' and '-' as '_'); the simulator the same way by hand.
   */
  static Optional<String> reader(ServiceModule module, String name, Map<String, String> env) {
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
  static String explainUnread(String name) {
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
  static List<String> unknownJvmOptions(ServiceModule module, String value) {
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

  private EnvironmentRules() {}
}
