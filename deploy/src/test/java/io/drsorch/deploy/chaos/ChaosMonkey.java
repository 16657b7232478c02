package io.drsorch.deploy.chaos;

import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.deploy.e2e.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crashes parts of a running stack on a seeded random schedule: every service is SIGKILLed {@code
 * killsPerService} times and the broker {@code brokerRestarts} times, at random moments of the
 * window, each brought back with {@code stack up <name>} after a random 0..5 s. The launcher is
 * killed at its worst moment after its random one: between a StartRecovery and its answer (see
 * {@link #worstMoment}). Each component has its own thread, so crashes of different components may
 * overlap, as independent failures do.
 *
 * <p>A watch thread follows the process id of every component: a component whose process is gone,
 * or replaced, while the monkey did not kill it died by itself, a collateral death, recorded with
 * the moment it was found and then repaired. A component whose process is alive with the same id
 * but which the stack does not report {@code up} (a restarted job-watcher may flicker so) is only
 * not ready: noted, not a death.
 */
final class ChaosMonkey {

  static final List<String> SERVICES =
      List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher");

  private final LocalStack stack;
  private final Map<String, List<Long>> moments = new LinkedHashMap<>();
  private final Map<String, Long> seeds = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> kills = new ConcurrentHashMap<>();
  private final Set<String> downOnPurpose = ConcurrentHashMap.newKeySet();
  private final Set<String> repairing = ConcurrentHashMap.newKeySet();

  /** The process id each component should still have: the one it had when last (re)started. */
  private final Map<String, Long> knownPids = new ConcurrentHashMap<>();

  /** Kills and pid reads are made under this lock, so a kill is never mistaken for a death. */
  private final Object pids = new Object();

  private final List<String> deaths = new CopyOnWriteArrayList<>();
  private final List<String> notReady = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger restartRetries = new AtomicInteger();
  private final AtomicInteger worstMoments = new AtomicInteger();

  /** How late the simulator answers the StartRecovery the launcher is killed during. */
  private static final int SLOW_ANSWER_MS = 3_000;

  private static final Duration WORST_MOMENT_WAIT = Duration.ofSeconds(60);
  private volatile Throwable failure;
  private volatile long t0;
  private volatile Thread watchThread;

  ChaosMonkey(
      LocalStack stack, long seed, int killsPerService, int brokerRestarts, Duration window) {
    this.stack = stack;
    Random random = new Random(seed);
    Map<String, Integer> victims = new LinkedHashMap<>();
    SERVICES.forEach(s -> victims.put(s, killsPerService));
    victims.put("kafka", brokerRestarts);
    // Random moments in the window, leaving the first seconds for executions to get going.
    long from = 5_000;
    long to = Math.max(from + 1, window.toMillis() - 5_000);
    victims.forEach(
        (component, count) -> {
          List<Long> at = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            at.add(from + (long) (random.nextDouble() * (to - from)));
          }
          Collections.sort(at);
          moments.put(component, at);
          seeds.put(component, random.nextLong());
        });
  }

  void start() throws Exception {
    t0 = System.currentTimeMillis();
    for (String component : LocalStack.COMPONENTS) {
      stack.pid(component).ifPresent(pid -> knownPids.put(component, pid));
    }
    Thread watch = new Thread(this::watch, "chaos-watch");
    watch.setDaemon(true);
    watchThread = watch;
    watch.start();
    moments.forEach(
        (component, at) -> {
          Thread thread = new Thread(() -> strikeAll(component, at), "chaos-" + component);
          threads.add(thread);
          thread.start();
        });
  }

  void join(Duration limit) throws InterruptedException {
    long deadline = System.currentTimeMillis() + limit.toMillis();
    for (Thread thread : threads) {
      thread.join(Math.max(1, deadline - System.currentTimeMillis()));
    }
  }

  /**
   * Interrupts whatever strike is under way and waits for every chaos thread to end, then looks one
   * last time for a component that died by itself.
   */
  void stop() throws InterruptedException {
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      thread.join(Duration.ofMinutes(1).toMillis());
    }
    Thread watch = watchThread;
    if (watch != null) {
      watch.interrupt();
      watch.join(Duration.ofMinutes(1).toMillis());
    }
    try {
      for (String component : LocalStack.COMPONENTS) {
        deadSince(component, "at the end of the chaos");
      }
    } catch (Exception e) {
      if (failure == null) {
        failure = e;
      }
    }
  }

  /** Every half second, every component's process: a death is recorded, then repaired. */
  private void watch() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (String component : LocalStack.COMPONENTS) {
          if (deadSince(component, "by the watch")) {
            repair(component);
          }
        }
        Thread.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failure = e;
    }
  }

  /**
   * Whether a component the monkey did not kill has lost the process it was last started with
   * (gone, or replaced by another id); if so, the death is recorded, naming it and when.
   */
  private boolean deadSince(String component, String foundBy) throws Exception {
    synchronized (pids) {
      if (downOnPurpose.contains(component) || repairing.contains(component)) {
        return false;
      }
      Long known = knownPids.get(component);
      if (known == null) {
        return false;
      }
      Optional<Long> now = stack.pid(component);
      boolean alive = ProcessHandle.of(known).map(ProcessHandle::isAlive).orElse(false);
      if (alive && now.isPresent() && now.get().equals(known)) {
        return false;
      }
      repairing.add(component);
      String death =
          String.format(
              "%s died at %.1fs without a kill by the monkey: pid %d %s (found %s)",
              component,
              (System.currentTimeMillis() - t0) / 1000.0,
              known,
              alive ? "still alive, but the stack now records pid " + now.orElse(null) : "is gone",
              foundBy);
      deaths.add(death);
      note("  collateral death: %s", death);
      return true;
    }
  }

  /** Brings a component that died by itself back, so the rest of the run can go on. */
  private void repair(String component) throws Exception {
    try {
      bringUp(component);
    } finally {
      synchronized (pids) {
        stack.pid(component).ifPresent(pid -> knownPids.put(component, pid));
        repairing.remove(component);
      }
    }
  }

  private void strikeAll(String component, List<Long> at) {
    Random random = new Random(seeds.get(component));
    try {
      for (long moment : at) {
        long wait = t0 + moment - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait); // the schedule itself: a crash at a random moment
        }
        strike(component, random.nextInt(5_001));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void strike(String component, long downFor) throws Exception {
    if (component.equals("drs-launcher")) {
      note("%6.1fs drs-launcher: %s", (System.currentTimeMillis() - t0) / 1000.0, worstMoment());
    }
    long at = System.currentTimeMillis() - t0;
    boolean killed;
    synchronized (pids) {
      downOnPurpose.add(component);
      killed = stack.kill9(component);
    }
    if (!killed) {
      note("%6.1fs %s was not running: not counted", at / 1000.0, component);
    } else {
      kills.computeIfAbsent(component, c -> new AtomicInteger()).incrementAndGet();
    }
    Thread.sleep(downFor); // how long the component stays down: part of the chaos
    long t = System.nanoTime();
    try {
      bringUp(component);
    } finally {
      synchronized (pids) {
        stack.pid(component).ifPresent(pid -> knownPids.put(component, pid));
        downOnPurpose.remove(component);
      }
    }
    note(
        "%6.1fs kill -9 %s, down %d ms, back up in %d ms",
        at / 1000.0, component, downFor, (System.nanoTime() - t) / 1_000_000);
    for (Map.Entry<String, String> state : stack.status().entrySet()) {
      String other = state.getKey();
      if (state.getValue().equals("up")
          || downOnPurpose.contains(other)
          || repairing.contains(other)) {
        continue;
      }
      if (deadSince(other, "after the restart of " + component)) {
        repair(other);
      } else if (!downOnPurpose.contains(other) && !repairing.contains(other)) {
        // Alive with the pid it was started with: not ready yet (or for a moment), not a death.
        notReady.add(
            String.format(
                "%s %s at %.1fs after the restart of %s, same process",
                other, state.getValue(), (System.currentTimeMillis() - t0) / 1000.0, component));
        note(
            "  %s is %s after the restart of %s: alive, not ready",
            other, state.getValue(), component);
        bringUp(other); // waits until it is ready again
      }
    }
  }

  /**
   * Waits for the launcher's worst moment to be killed in: a StartRecovery it made has started its
   * job in DRS but not answered yet, so the command is read again by the next launcher, which must
   * adopt that job rather than launch the wave a second time. The simulator is told to answer the
   * next StartRecovery late (its job exists at once); the kill comes a moment after that call
   * arrives, or after {@link #WORST_MOMENT_WAIT} without one, at a random moment after all.
   *
   * @return what the moment was, for the log
   */
  private String worstMoment() throws InterruptedException {
    SimulatorAdmin simulator = new SimulatorAdmin(stack.simulatorUrl());
    long before = simulator.callCounts().getOrDefault("StartRecovery", 0L);
    simulator.delayNextAnswers("StartRecovery", SLOW_ANSWER_MS, 1);
    long deadline = System.currentTimeMillis() + WORST_MOMENT_WAIT.toMillis();
    while (System.currentTimeMillis() < deadline) {
      if (simulator.callCounts().getOrDefault("StartRecovery", 0L) > before) {
        Thread.sleep(SLOW_ANSWER_MS / 10); // the job is started; the answer is still on its way
        worstMoments.incrementAndGet();
        return "killed while a StartRecovery it made has started its job and not answered";
      }
      Thread.sleep(25);
    }
    return "no StartRecovery within " + WORST_MOMENT_WAIT + ": killed at a random moment";
  }

  /**
   * {@code stack up <name>}, tried again a few times: a service started while another crash is
   * under way (the broker, typically) may give up at start and exit, as a supervisor would see.
   */
  private void bringUp(String component) throws Exception {
    for (int tries = 1; ; tries++) {
      try {
        stack.up(component);
        return;
      } catch (IllegalStateException e) {
        if (tries == 5) {
          throw e;
        }
        restartRetries.incrementAndGet();
        note(
            "  %s did not come up (%s); again",
            component, e.getMessage().lines().findFirst().orElse(""));
        Thread.sleep(2_000);
      }
    }
  }

  private void note(String format, Object... args) {
    System.out.println("[chaos] " + String.format(format, args));
  }

  /** Kills performed per component (the broker as {@code kafka}). */
  Map<String, Integer> kills() {
    Map<String, Integer> counts = new TreeMap<>();
    kills.forEach((c, n) -> counts.put(c, n.get()));
    return counts;
  }

  /** Components found dead that the monkey did not kill, each naming when it was found. */
  List<String> deaths() {
    return List.copyOf(deaths);
  }

  /** Components seen alive (same process) but not ready, which is not a death. */
  List<String> notReady() {
    return List.copyOf(notReady);
  }

  int restartRetries() {
    return restartRetries.get();
  }

  /** Kills of the launcher that came while a StartRecovery of its had not answered. */
  int worstMoments() {
    return worstMoments.get();
  }

  Throwable failure() {
    return failure;
  }
}
