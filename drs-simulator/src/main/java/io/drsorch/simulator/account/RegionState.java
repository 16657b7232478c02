package io.drsorch.simulator.account;

import io.drsorch.simulator.instances.RecoveryInstance;
import io.drsorch.simulator.jobs.Job;
import io.drsorch.simulator.servers.ReplicationState;
import io.drsorch.simulator.servers.SourceServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything DRS keeps for one account in one region: source servers, jobs and recovery instances.
 * Not thread-safe: {@link DrsAccount} hands it out only under its lock.
 */
public final class RegionState {

  private final String region;
  private final String accountId;
  private final Map<String, SourceServer> servers = new LinkedHashMap<>();
  private final List<Job> jobs = new ArrayList<>();
  private final Map<String, Job> jobsById = new HashMap<>();
  private final Map<String, RecoveryInstance> instances = new LinkedHashMap<>();

  /**
   * How many jobs end at each instant: a job is active until its fixed {@code completedAt}, so the
   * active count at any time is a sum over the ends after it, never a scan of the whole history.
   */
  private final TreeMap<Instant, Integer> jobEnds = new TreeMap<>();

  /** How many source servers leave active jobs at each instant, for the same reason. */
  private final TreeMap<Instant, Integer> serverEnds = new TreeMap<>();

  /** Each server's recovery instances, oldest first: a launch looks at its own servers only. */
  private final Map<String, List<RecoveryInstance>> instancesByServer = new HashMap<>();

  private long sequence;

  RegionState(String region, String accountId) {
    this.region = region;
    this.accountId = accountId;
  }

  public String region() {
    return region;
  }

  /** A number that orders everything created in this region. */
  public long nextSequence() {
    return ++sequence;
  }

  public String arn(String resourceType, String id) {
    return "arn:aws:drs:" + region + ":" + accountId + ":" + resourceType + "/" + id;
  }

  public String accountId() {
    return accountId;
  }

  /** Adds a server unless it is already known; answers whether it was new. */
  public boolean addSourceServer(
      String id, Instant now, ReplicationState state, Duration lag, Duration snapshotInterval) {
    if (servers.containsKey(id)) {
      return false;
    }
    servers.put(
        id,
        new SourceServer(
            nextSequence(), id, arn("source-server", id), now, state, lag, snapshotInterval));
    return true;
  }

  public Optional<SourceServer> sourceServer(String id) {
    return Optional.ofNullable(servers.get(id));
  }

  public Collection<SourceServer> sourceServers() {
    return Collections.unmodifiableCollection(servers.values());
  }

  public String newJobId() {
    String id = Ids.newJobId();
    while (jobsById.containsKey(id)) {
      id = Ids.newJobId();
    }
    return id;
  }

  public String newRecoveryInstanceId() {
    String id = Ids.newRecoveryInstanceId();
    while (instances.containsKey(id)) {
      id = Ids.newRecoveryInstanceId();
    }
    return id;
  }

  public void addJob(Job job) {
    jobs.add(job);
    jobsById.put(job.id(), job);
    jobEnds.merge(job.completedAt(), 1, Integer::sum);
    serverEnds.merge(job.completedAt(), job.participants().size(), Integer::sum);
  }

  public Optional<Job> job(String id) {
    return Optional.ofNullable(jobsById.get(id));
  }

  /** Jobs oldest first. */
  public List<Job> jobs() {
    return Collections.unmodifiableList(jobs);
  }

  public long activeJobCount(Instant now) {
    return sumAfter(jobEnds, now);
  }

  /** The source servers taking part in active jobs, counted once per job they are in. */
  public long activeServerCount(Instant now) {
    return sumAfter(serverEnds, now);
  }

  private static long sumAfter(TreeMap<Instant, Integer> ends, Instant now) {
    long active = 0;
    for (int ending : ends.tailMap(now, false).values()) {
      active += ending;
    }
    return active;
  }

  public void addRecoveryInstance(RecoveryInstance instance) {
    instances.put(instance.id(), instance);
    instancesByServer
        .computeIfAbsent(instance.sourceServerId(), server -> new ArrayList<>())
        .add(instance);
  }

  public Optional<RecoveryInstance> recoveryInstance(String id) {
    return Optional.ofNullable(instances.get(id));
  }

  /** Recovery instances oldest first, including ones whose launch has not finished yet. */
  public Collection<RecoveryInstance> recoveryInstances() {
    return Collections.unmodifiableCollection(instances.values());
  }

  /** The server's recovery instance that exists and is not terminated at {@code now}, if any. */
  public Optional<RecoveryInstance> liveInstanceOf(String sourceServerId, Instant now) {
    RecoveryInstance live = null;
    for (RecoveryInstance instance : instancesByServer.getOrDefault(sourceServerId, List.of())) {
      if (instance.isLiveAt(now)) {
        live = instance;
      }
    }
    return Optional.ofNullable(live);
  }
}
