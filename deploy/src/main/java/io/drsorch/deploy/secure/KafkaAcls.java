package io.drsorch.deploy.secure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of a secured cluster (SASL_SSL, StandardAuthorizer, nothing allowed unless granted):
 * what each service's principal may do, and no more than its work needs. Run by {@code
 * deploy/local/stack} with {@code STACK_KAFKA_SECURITY=sasl_ssl}, as the cluster's admin; adding an
 * ACL that exists changes nothing, so it runs at every start. Also the list an operator grants on a
 * real cluster.
 *
 * <p>Usage: {@code KafkaAcls <client properties of the admin>} (the properties in the environment
 * variable {@code KAFKA_ADMIN_CONFIG}, one {@code key=value} per line, so that the admin's password
 * is on no command line).
 */
public final class KafkaAcls {

  private KafkaAcls() {}

  /** The topics of the catalogue (drs.*) and the dead letters. */
  private static final ResourcePattern CATALOGUE =
      new ResourcePattern(ResourceType.TOPIC, "drs.", PatternType.PREFIXED);

  public static void main(String[] args) throws Exception {
    java.util.Properties admin = new java.util.Properties();
    admin.load(new java.io.StringReader(System.getenv().getOrDefault("KAFKA_ADMIN_CONFIG", "")));
    try (Admin client = Admin.create(admin)) {
      client.createAcls(bindings()).all().get(60, TimeUnit.SECONDS);
    }
    System.out.println("Kafka ACLs in place for " + principals());
  }

  static List<String> principals() {
    return List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher", "drctl");
  }

  /** Every grant, by principal. */
  static List<AclBinding> bindings() {
    List<AclBinding> all = new ArrayList<>();
    for (String service :
        List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher")) {
      // Read and write the catalogue's topics, and create them when missing (every service does
      // at start, so that they start in any order).
      for (AclOperation op :
          List.of(
              AclOperation.READ,
              AclOperation.WRITE,
              AclOperation.DESCRIBE,
              AclOperation.CREATE,
              AclOperation.DESCRIBE_CONFIGS)) {
        all.add(allow(service, CATALOGUE, op));
      }
      // Its own consumer groups and transactional ids all begin with the service's name.
      all.add(
          allow(
              service,
              new ResourcePattern(ResourceType.GROUP, service, PatternType.PREFIXED),
              AclOperation.ALL));
      all.add(
          allow(
              service,
              new ResourcePattern(ResourceType.TRANSACTIONAL_ID, service, PatternType.PREFIXED),
              AclOperation.ALL));
    }
    // The scheduler's Streams application: its internal topics (changelogs, repartitions), group
    // and transactional ids are named after its application id.
    for (ResourceType type :
        List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
      all.add(
          allow(
              "wave-scheduler",
              new ResourcePattern(type, "wave-scheduler", PatternType.PREFIXED),
              AclOperation.ALL));
    }
    // drctl reads the catalogue and writes requests; it consumes by assignment, in no group.
    for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)) {
      all.add(allow("drctl", CATALOGUE, op));
    }
    return all;
  }

  private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation op) {
    return new AclBinding(
        pattern, new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW));
  }
}
