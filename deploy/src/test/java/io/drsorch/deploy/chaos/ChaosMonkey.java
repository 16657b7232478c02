package io.drsorch.deploy.chaos;

import io.drsorch.deploy.e2e.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crashes parts of a running stack on a seeded random schedule: every service SIGKILLed {@code
 * killsPerService} times and the broker once, one at a time, each brought back with {@code stack up
 * <name>} after a random 0..5 s. After every restart it checks that nothing else went down with it
 * (a collateral death is recorded, then repaired with {@code stack up}).
 */
final class ChaosMonkey implements Runnable {

  static final List<String> SERVICES =
      List.of("plan-service", "wave-scheduler", "drs-launcher", "job-watcher");

  private record Strike(long atMillis, String component) {}

  private final LocalStack stack;
  private final Random random;
  private final List<Strike> schedule = new ArrayList<>();
  private final Map<String, AtomicInteger> kills = new ConcurrentHashMap<>();
  private final List<String> collateral = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private volatile Throwable failure;

  ChaosMonkey(
      LocalStack stack, long seed, int killsPerService, int brokerRestarts, Duration window) {
    this.stack = stack;
    this.random = new Random(seed);
    List<String> victims = new ArrayList<>();
    for (String service : SERVICES) {
      victims.addAll(Collections.nCopies(killsPerService, service));
    }
    victims.addAll(Collections.nCopies(brokerRestarts, "kafka"));
    Collections.shuffle(victims, random);
    // Random moments in the window, leaving the first seconds for executions to get going.
    List<Long> moments = new ArrayList<>();
    long from = 5_000;
    long to = Math.max(from + 1, window.toMillis() - 5_000);
    for (int i = 0; i < victims.size(); i++) {
      moments.add(from + (long) (random.nextDouble() * (to - from)));
    }
    Collections.sort(moments);
    for (int i = 0; i < victims.size(); i++) {
      schedule.add(new Strike(moments.get(i), victims.get(i)));
    }
  }

  @Override
  public void run() {
    long t0 = System.currentTimeMillis();
    try {
      for (Strike strike : schedule) {
        long wait = t0 + strike.atMillis() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait); // the schedule itself: a crash at a random moment
        }
        strike(strike.component(), System.currentTimeMillis() - t0);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void strike(String component, long at) throws Exception {
    if (!stack.kill9(component)) {
      note("%6.1fs %s was not running: not counted", at / 1000.0, component);
      stack.up();
      return;
    }
    kills.computeIfAbsent(component, c -> new AtomicInteger()).incrementAndGet();
    long downFor = random.nextInt(5_001);
    Thread.sleep(downFor); // how long the component stays down: part of the chaos
    long t = System.nanoTime();
    stack.up(component);
    note(
        "%6.1fs kill -9 %s, down %d ms, back up in %d ms",
        at / 1000.0, component, downFor, (System.nanoTime() - t) / 1_000_000);
    boolean repair = false;
    for (Map.Entry<String, String> state : stack.status().entrySet()) {
      if (!state.getValue().equals("up")) {
        repair = true;
        collateral.add(state.getKey() + " " + state.getValue() + " after kill -9 " + component);
        note(
            "  collateral: %s is %s after the restart of %s",
            state.getKey(), state.getValue(), component);
      }
    }
    if (repair) {
      stack.up();
    }
  }

  private void note(String format, Object... args) {
    String line = String.format(format, args);
    log.add(line);
    System.out.println("[chaos] " + line);
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

  Throwable failure() {
    return failure;
  }
}
