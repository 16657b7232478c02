package io.drsorch.simulator.sts;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Roles whose AssumeRole answers AccessDenied. There is no IAM in the simulator, so every
 * well-formed role can be assumed unless a test denies it here, to see how a caller copes with a
 * role whose trust policy does not let it in.
 */
public final class DeniedRoles {

  private final Set<String> denied = new ConcurrentSkipListSet<>();

  public void deny(RoleArn role) {
    denied.add(role.arn());
  }

  public boolean isDenied(RoleArn role) {
    return denied.contains(role.arn());
  }

  public void clear() {
    denied.clear();
  }

  /** The denied role ARNs, sorted. */
  public List<String> arns() {
    return List.copyOf(denied);
  }
}
