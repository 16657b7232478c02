package io.drsorch.deploy.secure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;

/**
 * The ACLs of {@link Grants} as Strimzi {@code KafkaUser} resources (SCRAM-SHA-512 logins, simple
 * authorization), for a cluster the Strimzi operator runs: {@code deploy/k8s/kafka-users.yaml} is
 * this class's output, and a test fails when the two differ.
 *
 * <p>Usage: {@code KafkaUsers <file>} writes the resources; without an argument, prints them.
 */
public final class KafkaUsers {

  /** The Strimzi cluster the users belong to (label {@code strimzi.io/cluster}). */
  public static final String CLUSTER = "drs";

  private KafkaUsers() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.out.print(render());
    } else {
      Files.writeString(Path.of(args[0]), render());
    }
  }

  /** Every principal's KafkaUser, one YAML document each. */
  public static String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        "# Written by io.drsorch.deploy.secure.KafkaUsers from Grants: do not edit by hand.\n");
    out.append("# Each service and drctl log in with SCRAM-SHA-512 as themselves; the operator\n");
    out.append("# keeps each password in a Secret of the user's name.\n");
    List<AclBinding> bindings = KafkaAcls.bindings();
    for (Grants grants : Grants.all()) {
      out.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1beta2\n")
          .append("kind: KafkaUser\n")
          .append("metadata:\n")
          .append("  name: ")
          .append(grants.principal())
          .append('\n')
          .append("  labels:\n")
          .append("    strimzi.io/cluster: ")
          .append(CLUSTER)
          .append('\n')
          .append("spec:\n")
          .append("  authentication:\n")
          .append("    type: scram-sha-512\n")
          .append("  authorization:\n")
          .append("    type: simple\n")
          .append("    acls:\n");
      for (AclBinding binding : bindings) {
        if (!binding.entry().principal().equals("User:" + grants.principal())) {
          continue;
        }
        out.append("      - resource:\n")
            .append("          type: ")
            .append(resourceType(binding))
            .append('\n')
            .append("          name: ")
            .append(binding.pattern().name())
            .append('\n')
            .append("          patternType: ")
            .append(binding.pattern().patternType() == PatternType.PREFIXED ? "prefix" : "literal")
            .append('\n')
            .append("        operations: [")
            .append(operation(binding.entry().operation()))
            .append("]\n");
      }
    }
    return out.toString();
  }

  private static String resourceType(AclBinding binding) {
    return switch (binding.pattern().resourceType()) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case TRANSACTIONAL_ID -> "transactionalId";
      case CLUSTER -> "cluster";
      default -> throw new IllegalArgumentException("no Strimzi resource type for " + binding);
    };
  }

  /** Kafka's READ as Strimzi's Read, DESCRIBE_CONFIGS as DescribeConfigs. */
  private static String operation(AclOperation operation) {
    List<String> words = new ArrayList<>();
    for (String word : operation.name().split("_")) {
      words.add(word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT));
    }
    return String.join("", words);
  }
}
