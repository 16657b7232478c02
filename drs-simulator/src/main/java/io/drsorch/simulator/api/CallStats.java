package io.drsorch.simulator.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many calls each DRS operation received, injected failures included, and how many of them it
 * refused, by error type: benchmarks read both, so that "no launch was ever refused for quota or
 * conflict" is a count they can require to be zero, not a hope.
 */
public final class CallStats {

  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> items = new ConcurrentHashMap<>();

  public void record(String operation) {
    calls.computeIfAbsent(operation, name -> new LongAdder()).increment();
  }

  /**
   * A successful call of a listing {@code operation} answered {@code count} items: what a search
   * really read, so that a benchmark can tell a narrow DescribeJobs from one that pages the
   * history.
   */
  public void recordItems(String operation, int count) {
    items.computeIfAbsent(operation, name -> new LongAdder()).add(count);
  }

  /** Items answered by listing operations, by operation name, sorted by name. */
  public Map<String, Long> items() {
    Map<String, Long> counts = new TreeMap<>();
    items.forEach((operation, count) -> counts.put(operation, count.sum()));
    return counts;
  }

  /** A call of {@code operation} answered with the error {@code type} (e.g. ConflictException). */
  public void recordRefusal(String operation, String type) {
    refusals.computeIfAbsent(operation + '\u0000' + type, key -> new LongAdder()).increment();
  }

  /** The refusals by operation, then by error type, both sorted by name. */
  public Map<String, Map<String, Long>> refusals() {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    refusals.forEach(
        (key, count) -> {
          String[] parts = key.split("\u0000", 2);
          counts.computeIfAbsent(parts[0], o -> new TreeMap<>()).put(parts[1], count.sum());
        });
    return counts;
  }

  /** The counts by operation name, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach((operation, count) -> counts.put(operation, count.sum()));
    return counts;
  }

  public void reset() {
    calls.clear();
    refusals.clear();
    items.clear();
  }
}
