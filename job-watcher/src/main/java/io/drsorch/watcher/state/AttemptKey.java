package io.drsorch.watcher.state;

/**
 * One attempt of one wave of one execution: what a WaveLaunched starts and a WaveCompleted ends.
 */
public record AttemptKey(String executionId, String waveId, int attempt) {

  @Override
  public String toString() {
    return executionId + "/" + waveId + "/" + attempt;
  }
}
