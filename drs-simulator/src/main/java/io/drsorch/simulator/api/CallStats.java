package io.drsorch.simulator.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** How many calls each DRS operation received, injected failures included (benchmarks read it). */
public final class CallStats {

  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  public void record(String operation) {
    calls.computeIfAbsent(operation, name -> new LongAdder()).increment();
  }

  /** The counts by operation name, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach((operation, count) -> counts.put(operation, count.sum()));
    return counts;
  }

  public void reset() {
    calls.clear();
  }
}
