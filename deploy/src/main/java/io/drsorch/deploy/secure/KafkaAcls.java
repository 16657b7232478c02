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
 * what each principal may do, as {@link Grants} writes it down: the topics it reads and writes, and
 * no others. Run by {@code deploy/local/stack} with {@code STACK_KAFKA_SECURITY=sasl_ssl}, as the
 * cluster's admin; adding an ACL that exists changes nothing, so it runs at every start. Also the
 * list an operator grants on a real cluster.
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
    return Grants.all().stream().map(Grants::principal).toList();
  }

  /** Every grant of {@link Grants}, as ACL bindings. */
  static List<AclBinding> bindings() {
    List<AclBinding> all = new ArrayList<>();
    for (Grants grants : Grants.all()) {
      String who = grants.principal();
      for (String topic : grants.reads()) {
        all.add(allow(who, literal(topic), AclOperation.READ));
      }
      for (String topic : grants.writes()) {
        all.add(allow(who, literal(topic), AclOperation.WRITE));
      }
      // Metadata of every catalogue topic (which partitions, where), and nothing of others.
      all.add(allow(who, CATALOGUE, AclOperation.DESCRIBE));
      if (grants.ownsPrefix()) {
        // Creating the catalogue's missing topics at start, and reading their settings.
        all.add(allow(who, CATALOGUE, AclOperation.CREATE));
        all.add(allow(who, CATALOGUE, AclOperation.DESCRIBE_CONFIGS));
        // Its own consumer groups and transactional ids all begin with its name; the scheduler's
        // Streams application also names its internal topics (changelogs) after its id.
        List<ResourceType> owned =
            who.equals("wave-scheduler")
                ? List.of(ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID, ResourceType.TOPIC)
                : List.of(ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID);
        for (ResourceType type : owned) {
          all.add(
              allow(who, new ResourcePattern(type, who, PatternType.PREFIXED), AclOperation.ALL));
        }
      }
    }
    return all;
  }

  private static ResourcePattern literal(String topic) {
    return new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL);
  }

  private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation op) {
    return new AclBinding(
        pattern, new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW));
  }
}
