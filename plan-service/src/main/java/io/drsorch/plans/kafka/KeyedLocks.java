package io.drsorch.plans.kafka;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises read-modify-write cycles on one key within this instance (e.g. two PUTs of one plan
 * must not both compute version n+1). Several instances writing the same key concurrently are not
 * coordinated: the last write wins.
 */
public final class KeyedLocks {

  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public <T> T withLock(String key, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
