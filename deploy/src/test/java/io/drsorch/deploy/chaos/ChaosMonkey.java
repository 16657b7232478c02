package io.drsorch.deploy.chaos;

import io.drsorch.deploy.e2e.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crashes parts of a running stack on a seeded random schedule: every service is SIGKILLed {@code
 * killsPerService} times and the broker {@code brokerRestarts} times, at random moments of the
 * window, each brought back with {@code stack up <name>} after a random 0..5 s. Each component has
 * its own thread, so crashes of different components may overlap, as independent failures do. After
 * every restart it checks that nothing else went down by itself (a collateral death is recorded,
 * then repaired).
 */
final class ChaosMonkey {

  static final List<String> SERVICES =
      List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher");

  private final LocalStack stack;
  private final Map<String, List<Long>> moments = new LinkedHashMap<>();
  private final Map<String, Long> seeds = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> kills = new ConcurrentHashMap<>();
  private final Set<String> downOnPurpose = ConcurrentHashMap.newKeySet();
  private final List<String> collateral = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger restartRetries = new AtomicInteger();
  private volatile Throwable failure;
  private volatile long t0;

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

  void start() {
    t0 = System.currentTimeMillis();
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

  /** Interrupts whatever strike is under way and waits for every chaos thread to end. */
  void stop() throws InterruptedException {
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      thread.join(Duration.ofMinutes(1).toMillis());
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
    long at = System.currentTimeMillis() - t0;
    downOnPurpose.add(component);
    if (!stack.kill9(component)) {
      note("%6.1fs %s was not running: not counted", at / 1000.0, component);
    } else {
      kills.computeIfAbsent(component, c -> new AtomicInteger()).incrementAndGet();
    }
    Thread.sleep(downFor); // how long the component stays down: part of the chaos
    long t = System.nanoTime();
    bringUp(component);
    downOnPurpose.remove(component);
    note(
        "%6.1fs kill -9 %s, down %d ms, back up in %d ms",
        at / 1000.0, component, downFor, (System.nanoTime() - t) / 1_000_000);
    for (Map.Entry<String, String> state : stack.status().entrySet()) {
      String other = state.getKey();
      if (!state.getValue().equals("up") && !downOnPurpose.contains(other)) {
        collateral.add(other + " " + state.getValue() + " after kill -9 " + component);
        note("  collateral: %s is %s after the restart of %s", other, state.getValue(), component);
        bringUp(other);
      }
    }
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

  List<String> collateral() {
    return List.copyOf(collateral);
  }

  int restartRetries() {
    return restartRetries.get();
  }

  Throwable failure() {
    return failure;
  }
}
