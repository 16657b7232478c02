package io.drsorch.watcher.state;

/**
 * Where a WaveLaunched or a TerminationStarted was read, and its bytes: kept with the watch it
 * started, so that the watcher can dead-letter that very record should it give up on the watch.
 */
public record Origin(int partition, long offset, byte[] key, byte[] value) {}
