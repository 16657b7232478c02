package io.drsorch.deploy.aws;

import java.util.List;

/**
 * What one run did to one resource.
 *
 * @param resource the kind of resource, e.g. {@code connection}
 * @param name its name (for a target: its id and rule)
 * @param action created, updated or left alone
 * @param arn its ARN, when it has one
 * @param differences for an update: what differed from the wanted state
 */
public record Change(
    String resource, String name, Action action, String arn, List<String> differences) {

  /** What was done. */
  public enum Action {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  public Change {
    differences = List.copyOf(differences);
  }

  static Change created(String resource, String name, String arn) {
    return new Change(resource, name, Action.CREATED, arn, List.of());
  }

  static Change updated(String resource, String name, String arn, List<String> differences) {
    return new Change(resource, name, Action.UPDATED, arn, differences);
  }

  static Change unchanged(String resource, String name, String arn) {
    return new Change(resource, name, Action.UNCHANGED, arn, List.of());
  }

  /**
   * One line for the operator, e.g. {@code api destination x updated arn (invocation endpoint)}.
   */
  public String describe() {
    String line =
        "%-16s %-44s %-9s %s"
            .formatted(resource, name, action.name().toLowerCase(), arn == null ? "" : arn)
            .stripTrailing();
    return differences.isEmpty() ? line : line + " (" + String.join(", ", differences) + ")";
  }
}
