package io.drsorch.launcher.action;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ClientToken of an automation's start: a UUID (what SSM's ClientToken takes, 36 characters)
 * derived from the action's requestId alone. A RunWaveAction read again after a crash, after its
 * StartAutomationExecution but before its answer was committed, sends the same token and the same
 * parameters, and SSM answers the execution the first call started instead of starting a second.
 */
public final class ClientTokens {

  private ClientTokens() {}

  public static String of(String requestId) {
    return UUID.nameUUIDFromBytes(
            ("StartAutomationExecution|" + requestId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
