package io.drsorch.drsclient;

/**
 * Where the AWS calls of one wave go: a region, and the role to assume there (or null for the
 * service's own account). DRS and SSM clients alike are built per target.
 */
public record Target(String region, String roleArn) {
  public Target {
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("a target needs a region");
    }
    roleArn = roleArn == null || roleArn.isBlank() ? null : roleArn;
  }

  /** "us-east-1", or "us-east-1 as arn:aws:iam::...:role/x" in logs. */
  @Override
  public String toString() {
    return roleArn == null ? region : region + " as " + roleArn;
  }
}
