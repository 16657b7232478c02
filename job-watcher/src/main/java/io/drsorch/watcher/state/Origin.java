package io.drsorch.watcher.state;

/**
 * Where a WaveLaunched was read, and its bytes: kept with the attempt it started, so that the
 * watcher can dead-letter that very record should it give up on the attempt.
 */
public record Origin(int partition, long offset, byte[] key, byte[] value) {}
