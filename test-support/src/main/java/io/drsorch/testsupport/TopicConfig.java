package io.drsorch.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * A topic setting changed for the length of a test (a smaller max.message.bytes, to make the broker
 * refuse records), and put back on close. Returns once the broker serves the new value.
 */
public final class TopicConfig implements AutoCloseable {

  private final Admin admin;
  private final ConfigResource topic;
  private final String name;

  private TopicConfig(Admin admin, ConfigResource topic, String name) {
    this.admin = admin;
    this.topic = topic;
    this.name = name;
  }

  public static TopicConfig set(String bootstrap, String topicName, String name, String value)
      throws Exception {
    Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, topicName);
    TopicConfig config = new TopicConfig(admin, topic, name);
    config.alter(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET), value);
    return config;
  }

  @Override
  public void close() throws Exception {
    try {
      alter(new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE), null);
    } finally {
      admin.close();
    }
  }

  /** Alters the setting and waits until the broker answers with it (null: its default again). */
  private void alter(AlterConfigOp op, String expected) throws Exception {
    admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      ConfigEntry entry =
          admin
              .describeConfigs(List.of(topic))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get(topic)
              .get(name);
      boolean overridden = entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
      if (expected == null ? !overridden : overridden && expected.equals(entry.value())) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(topic + " " + name + " not " + expected + " after 30 s");
  }
}
