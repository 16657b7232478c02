package io.drsorch.simulator.faults;

import io.drsorch.simulator.api.DrsError;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Faults injected by tests: servers whose next launch fails, errors that the next calls of an
 * operation answer instead of doing their work, and slow answers (the call does its work, its
 * answer comes late, as when the network or DRS itself is slow after the fact). Each fault is used
 * up once it has fired.
 */
public final class Faults {

  private final Set<String> failingLaunches = new HashSet<>();
  private final Map<String, Deque<OperationFault>> operationFaults = new HashMap<>();
  private final Map<String, Deque<Duration>> answerDelays = new HashMap<>();

  /** One injected error for one call. */
  private record OperationFault(String errorCode, String message, long retryAfterSeconds) {}

  public synchronized void failNextLaunch(String sourceServerId) {
    failingLaunches.add(sourceServerId);
  }

  /** Whether this launch of the server must fail; using the fault up. */
  public synchronized boolean takeLaunchFault(String sourceServerId) {
    return failingLaunches.remove(sourceServerId);
  }

  /**
   * Makes the next {@code times} calls of {@code operation} fail with {@code errorCode}.
   *
   * @param retryAfterSeconds what {@code Retry-After} says for throttling and server errors
   */
  public synchronized void failNextCalls(
      String operation, String errorCode, int times, String message, long retryAfterSeconds) {
    if (!DrsError.INJECTABLE_DEFAULT_MESSAGES.containsKey(errorCode)) {
      throw new IllegalArgumentException(
          "errorCode must be one of "
              + DrsError.INJECTABLE_DEFAULT_MESSAGES.keySet()
              + ", got "
              + errorCode);
    }
    String text = message != null ? message : DrsError.INJECTABLE_DEFAULT_MESSAGES.get(errorCode);
    Deque<OperationFault> queue =
        operationFaults.computeIfAbsent(operation, name -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(new OperationFault(errorCode, text, retryAfterSeconds));
    }
  }

  /** The error this call of {@code operation} must answer, if one is injected; using it up. */
  public synchronized Optional<DrsError> takeOperationFault(String operation) {
    Deque<OperationFault> queue = operationFaults.get(operation);
    if (queue == null || queue.isEmpty()) {
      return Optional.empty();
    }
    OperationFault fault = queue.poll();
    return Optional.of(
        DrsError.injected(fault.errorCode(), fault.message(), fault.retryAfterSeconds()));
  }

  /** Makes the next {@code times} calls of {@code operation} answer {@code delay} late. */
  public synchronized void delayNextAnswers(String operation, Duration delay, int times) {
    Deque<Duration> queue = answerDelays.computeIfAbsent(operation, name -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(delay);
    }
  }

  /** How late this call's answer must come, if a delay is injected; using it up. */
  public synchronized Optional<Duration> takeAnswerDelay(String operation) {
    Deque<Duration> queue = answerDelays.get(operation);
    return queue == null ? Optional.empty() : Optional.ofNullable(queue.poll());
  }

  public synchronized void clear() {
    failingLaunches.clear();
    operationFaults.clear();
    answerDelays.clear();
  }
}
