package io.drsorch.planmodel.validation;

import java.util.List;

/** What plan validation needs to know of an existing protection group. */
public record GroupRef(String groupId, String region, List<String> sourceServerIds) {

  public GroupRef {
    sourceServerIds = List.copyOf(sourceServerIds);
  }
}
