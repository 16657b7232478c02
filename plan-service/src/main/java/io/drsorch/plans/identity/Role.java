package io.drsorch.plans.identity;

import io.drsorch.avro.ExecutionMode;

/**
 * What a caller may do, as named in the token's role claim. Each role stands alone (a token that
 * may start a RECOVERY is not thereby allowed to read): an identity provider grants several by
 * making a composite role or a group of them, as the local stack's realm does.
 */
public enum Role {
  /** Every read: plans, groups, executions. */
  VIEWER("viewer"),
  /** Writing and deleting plans and protection groups. */
  PLANNER("planner"),
  /** Starting a DRILL, cancelling, and the operator's other actions on a running execution. */
  OPERATOR("operator"),
  /** Starting a RECOVERY, which launches instances for real. */
  RECOVERY("recovery");

  private final String claim;

  Role(String claim) {
    this.claim = claim;
  }

  /** The role's name in the token. */
  public String claim() {
    return claim;
  }

  /** The role that may start an execution in this mode. */
  public static Role toStart(ExecutionMode mode) {
    return mode == ExecutionMode.RECOVERY ? RECOVERY : OPERATOR;
  }
}
