package io.drsorch.deploy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where records wait during a run: every half second, each consumer group's lag on each topic it
 * reads (end offset minus committed offset, summed over partitions), kept as the largest and the
 * mean over the run. A stage whose input piles up is the one the others wait for; a stage with no
 * lag is not where the time goes. Offsets count transaction markers too, so a lag of a few per
 * partition is the markers, not records.
 */
final class WaitingRecords implements AutoCloseable {

  private static final Duration EVERY = Duration.ofMillis(500);

  private final Admin admin;
  private final Thread sampler;
  private final Map<String, Stat> lags = new TreeMap<>();
  private volatile boolean running = true;

  private WaitingRecords(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(props);
    this.sampler = new Thread(this::run, "bench-waiting-records");
    this.sampler.setDaemon(true);
  }

  static WaitingRecords start(String bootstrapServers) {
    WaitingRecords waiting = new WaitingRecords(bootstrapServers);
    waiting.sampler.start();
    return waiting;
  }

  private void run() {
    while (running) {
      long started = System.nanoTime();
      try {
        sample();
      } catch (Exception e) {
        // a sample missed (a broker restart in a kill run): the next one counts
      }
      long left = EVERY.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (left > 0) {
        try {
          Thread.sleep(left);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void sample() throws Exception {
    Collection<GroupListing> groups = admin.listGroups().all().get(5, TimeUnit.SECONDS);
    Map<String, Long> byGroupAndTopic = new TreeMap<>();
    for (GroupListing group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group.groupId())
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest =
          committed.keySet().stream()
              .filter(p -> !p.topic().startsWith("__"))
              .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      if (latest.isEmpty()) {
        continue;
      }
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
      for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        long lag = at == null ? 0 : Math.max(0, end.getValue().offset() - at.offset());
        byGroupAndTopic.merge(group.groupId() + " on " + end.getKey().topic(), lag, Long::sum);
      }
    }
    synchronized (lags) {
      byGroupAndTopic.forEach((key, lag) -> lags.computeIfAbsent(key, k -> new Stat()).add(lag));
    }
  }

  /** One line per group and topic that ever had records waiting: largest and mean lag. */
  List<String> describe() {
    List<String> lines = new ArrayList<>();
    synchronized (lags) {
      lags.forEach(
          (key, stat) -> {
            if (stat.max > 0) {
              lines.add(
                  String.format(
                      "%s: at most %d, on average %.0f (%d samples)",
                      key, stat.max, stat.sum / (double) stat.count, stat.count));
            }
          });
    }
    return lines;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }

  private static final class Stat {
    long max;
    long sum;
    int count;

    void add(long lag) {
      max = Math.max(max, lag);
      sum += lag;
      count++;
    }
  }
}
