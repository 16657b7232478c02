package io.drsorch.scheduler.core;

import io.drsorch.avro.ActionFailurePolicy;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.WaveAction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A wave action as the plan defined it, frozen with the execution: an SSM automation document to
 * start, or a URL to check, with how long it may take and whether its failure fails the wave.
 */
public record ActionSpec(
    String name,
    ActionType type,
    int timeoutMinutes,
    ActionFailurePolicy onFailure,
    String documentName,
    String documentVersion,
    Map<String, List<String>> parameters,
    String url,
    int expectStatus,
    int intervalSeconds) {

  public ActionSpec {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    parameters.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    parameters = Collections.unmodifiableMap(copy);
  }

  public static ActionSpec of(WaveAction a) {
    return new ActionSpec(
        a.getName(),
        a.getType(),
        a.getTimeoutMinutes(),
        a.getOnFailure(),
        a.getDocumentName(),
        a.getDocumentVersion(),
        a.getParameters(),
        a.getUrl(),
        a.getExpectStatus(),
        a.getIntervalSeconds());
  }

  public WaveAction toAvro() {
    return WaveAction.newBuilder()
        .setName(name)
        .setType(type)
        .setTimeoutMinutes(timeoutMinutes)
        .setOnFailure(onFailure)
        .setDocumentName(documentName)
        .setDocumentVersion(documentVersion)
        .setParameters(new LinkedHashMap<>(parameters))
        .setUrl(url)
        .setExpectStatus(expectStatus)
        .setIntervalSeconds(intervalSeconds)
        .build();
  }

  public boolean continuesOnFailure() {
    return onFailure == ActionFailurePolicy.CONTINUE;
  }
}
