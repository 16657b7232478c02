package io.drsorch.plans.readiness;

import io.drsorch.avro.ExecutionMode;
import io.drsorch.avro.ExecutionWave;
import io.drsorch.drsclient.Target;
import io.drsorch.planmodel.validation.PlanOptions;
import io.drsorch.plans.readiness.TargetLookup.ActiveJob;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.drs.model.SourceServer;
import software.amazon.awssdk.services.drs.model.UninitializedAccountException;

/**
 * The pre-flight readiness check: asks DRS about every server of a plan's waves, in the region and
 * account (role) its wave recovers in, and applies {@link ReadinessRules}. One check serves both
 * the readiness endpoint and every start, so what a user reads before starting is what the start
 * records. Calls are grouped by region and role: one {@code DescribeSourceServers} per 200 servers
 * and one {@code DescribeJobs} per group, then one {@code DescribeRecoverySnapshots} per server
 * (two with a point in time its newest snapshot is later than), several in flight at once.
 */
@ApplicationScoped
public class ReadinessCheck {

  /** Where a server is looked for when neither its group nor DRS names the account. */
  static final String OWN_ACCOUNT = "the service's own account";

  @Inject DrsConnection drs;

  @ConfigProperty(name = "readiness.drs-concurrency", defaultValue = "8")
  int concurrency;

  @ConfigProperty(name = "readiness.drs-attempts", defaultValue = "4")
  int attempts;

  private ExecutorService pool;

  @PostConstruct
  void open() {
    AtomicInteger threads = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            Math.max(1, concurrency),
            task -> {
              Thread thread = new Thread(task, "readiness-drs-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @PreDestroy
  void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /**
   * @param waves the waves as a start would launch them, servers resolved
   * @param maxReplicationLagMinutes the plan's; null for the default
   * @param pointInTime a snapshot at or before it is required; null for none
   * @throws DrsUnavailableException when DRS could not be asked about every server
   */
  public Readiness check(
      List<ExecutionWave> waves,
      ExecutionMode mode,
      Integer maxReplicationLagMinutes,
      Instant pointInTime) {
    return check(waves, mode, maxReplicationLagMinutes, pointInTime, true);
  }

  /**
   * The check as a start makes it: a DRILL of the latest data needs no snapshot, so none is looked
   * up (one call a server would make every start cost as much as its plan has servers); the
   * readiness answer looks them up to show each server's last snapshot.
   */
  public Readiness checkToStart(
      List<ExecutionWave> waves,
      ExecutionMode mode,
      Integer maxReplicationLagMinutes,
      Instant pointInTime) {
    boolean needed = mode == ExecutionMode.RECOVERY || pointInTime != null;
    return check(waves, mode, maxReplicationLagMinutes, pointInTime, needed);
  }

  private Readiness check(
      List<ExecutionWave> waves,
      ExecutionMode mode,
      Integer maxReplicationLagMinutes,
      Instant pointInTime,
      boolean withSnapshots) {
    Instant checkedAt = Instant.now();
    int maxLag = PlanOptions.maxReplicationLagMinutes(maxReplicationLagMinutes);
    Map<String, ServerFacts> facts = lookUp(byTarget(waves), checkedAt, pointInTime, withSnapshots);
    List<ServerReadiness> servers = new ArrayList<>();
    for (ExecutionWave wave : waves) {
      for (String id : wave.getSourceServerIds()) {
        ServerFacts server = facts.get(id);
        List<String> problems = ReadinessRules.problems(server, mode, maxLag, pointInTime);
        servers.add(
            new ServerReadiness(
                id,
                wave.getWaveId(),
                wave.getRegion(),
                problems.isEmpty(),
                server.replicationState(),
                server.lag(),
                server.newest() == null ? null : server.newest().takenAt(),
                problems));
      }
    }
    boolean ready = servers.stream().allMatch(ServerReadiness::ready);
    return new Readiness(ready, mode, checkedAt, pointInTime, List.copyOf(servers));
  }

  /** The servers of one region and role, and the account the plan says they are in. */
  private static final class TargetServers {
    String accountId;
    final List<String> ids = new ArrayList<>();
  }

  private static Map<Target, TargetServers> byTarget(List<ExecutionWave> waves) {
    Map<Target, TargetServers> byTarget = new LinkedHashMap<>();
    for (ExecutionWave wave : waves) {
      TargetServers servers =
          byTarget.computeIfAbsent(
              new Target(wave.getRegion(), wave.getRoleArn()), t -> new TargetServers());
      if (servers.accountId == null) {
        servers.accountId = wave.getAccountId();
      }
      servers.ids.addAll(wave.getSourceServerIds());
    }
    return byTarget;
  }

  private Map<String, ServerFacts> lookUp(
      Map<Target, TargetServers> byTarget,
      Instant now,
      Instant pointInTime,
      boolean withSnapshots) {
    DrsReads reads = new DrsReads(attempts);
    Map<String, ServerFacts> facts = new LinkedHashMap<>();
    List<CompletableFuture<Void>> snapshotLookups = new ArrayList<>();
    Map<String, ServerFacts.Builder> found = new LinkedHashMap<>();
    for (Map.Entry<Target, TargetServers> entry : byTarget.entrySet()) {
      Target target = entry.getKey();
      TargetLookup lookup = new TargetLookup(target, drs.clients().forTarget(target), reads);
      Map<String, SourceServer> servers;
      try {
        servers = lookup.servers(entry.getValue().ids);
      } catch (UninitializedAccountException e) {
        // DRS was never set up in this region of the account: none of its servers can launch.
        servers = Map.of();
      }
      String where = target.region() + "/" + account(entry.getValue().accountId, servers);
      Map<String, ActiveJob> jobs = servers.isEmpty() ? Map.of() : lookup.activeJobs(servers);
      for (String id : entry.getValue().ids) {
        SourceServer server = servers.get(id);
        if (server == null) {
          facts.put(id, ServerFacts.notFound(where));
          continue;
        }
        ServerFacts.Builder builder = new ServerFacts.Builder(where, server, jobs.get(id));
        found.put(id, builder);
        if (withSnapshots) {
          snapshotLookups.add(
              CompletableFuture.runAsync(() -> builder.snapshots(lookup, id, pointInTime), pool));
        }
      }
    }
    await(snapshotLookups);
    found.forEach((id, builder) -> facts.put(id, builder.build()));
    return facts;
  }

  /**
   * Waits for every lookup; when one failed, its failure is thrown and what the others found is
   * dropped: the answer is a 503, never a verdict on some of the servers.
   */
  private static void await(List<CompletableFuture<Void>> lookups) {
    try {
      CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      lookups.forEach(lookup -> lookup.cancel(true));
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * The account to name in a problem: the group's, else the one in the ARN of a server DRS found
   * there, else the service's own.
   */
  private static String account(String accountId, Map<String, SourceServer> found) {
    if (accountId != null) {
      return accountId;
    }
    for (SourceServer server : found.values()) {
      String[] arn = server.arn() == null ? new String[0] : server.arn().split(":");
      if (arn.length > 4 && !arn[4].isEmpty()) {
        return arn[4];
      }
    }
    return OWN_ACCOUNT;
  }
}
