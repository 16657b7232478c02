package io.drsorch.deploy.bench;

import java.time.Duration;
import java.util.List;

/** Order statistics of measured durations, percentiles by nearest rank. */
record Distribution(int count, Duration min, Duration median, Duration p99, Duration max) {

  static Distribution of(List<Duration> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Duration> sorted = samples.stream().sorted().toList();
    return new Distribution(
        sorted.size(),
        sorted.get(0),
        rank(sorted, 0.50),
        rank(sorted, 0.99),
        sorted.get(sorted.size() - 1));
  }

  private static Duration rank(List<Duration> sorted, double quantile) {
    int rank = (int) Math.ceil(quantile * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  @Override
  public String toString() {
    return String.format(
        "n=%d min=%d ms median=%d ms p99=%d ms max=%d ms",
        count, min.toMillis(), median.toMillis(), p99.toMillis(), max.toMillis());
  }
}
