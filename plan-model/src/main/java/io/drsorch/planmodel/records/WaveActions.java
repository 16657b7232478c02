package io.drsorch.planmodel.records;

import io.drsorch.avro.ActionFailurePolicy;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.WaveAction;
import io.drsorch.planmodel.validation.ActionDraft;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts wave actions between what users submit and what plans and requests carry. */
public final class WaveActions {

  private WaveActions() {}

  /** Validated drafts as records, every default filled in. */
  public static List<WaveAction> records(List<ActionDraft> drafts) {
    return drafts.stream().map(WaveActions::record).toList();
  }

  static WaveAction record(ActionDraft d) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    d.parameters().forEach((k, v) -> parameters.put(k, List.copyOf(v)));
    return WaveAction.newBuilder()
        .setName(d.name())
        .setType(ActionType.valueOf(d.type()))
        .setTimeoutMinutes(
            d.timeoutMinutes() == null ? ActionDraft.DEFAULT_TIMEOUT_MINUTES : d.timeoutMinutes())
        .setOnFailure(
            d.onFailure() == null
                ? ActionFailurePolicy.FAIL_WAVE
                : ActionFailurePolicy.valueOf(d.onFailure()))
        .setDocumentName(d.documentName())
        .setDocumentVersion(d.documentVersion())
        .setParameters(parameters)
        .setUrl(d.url())
        .setExpectStatus(
            d.expectStatus() == null ? ActionDraft.DEFAULT_EXPECT_STATUS : d.expectStatus())
        .setIntervalSeconds(
            d.intervalSeconds() == null
                ? ActionDraft.DEFAULT_INTERVAL_SECONDS
                : d.intervalSeconds())
        .build();
  }

  /** Stored actions as drafts, to validate a stored plan again (see {@link ActionDraft#of}). */
  public static List<ActionDraft> drafts(List<WaveAction> actions) {
    return actions.stream().map(ActionDraft::of).toList();
  }
}
