package io.drsorch.planmodel.validation;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.drsorch.avro.ActionType;
import io.drsorch.avro.WaveAction;
import java.util.List;
import java.util.Map;

/**
 * One action before or after a wave, as a user submitted it, before validation.
 *
 * @param name unique among the wave's actions, {@code [A-Za-z0-9_-]{1,64}}
 * @param type {@code SSM_AUTOMATION} or {@code HTTP_CHECK}
 * @param timeoutMinutes 1..1440; 15 when not given
 * @param onFailure {@code FAIL_WAVE} (when not given) or {@code CONTINUE}
 * @param documentName SSM_AUTOMATION: the automation document
 * @param documentVersion SSM_AUTOMATION: its version; the default version when not given
 * @param parameters SSM_AUTOMATION: the document's parameters, each a list of values
 * @param url HTTP_CHECK: the http(s) URL to GET
 * @param expectStatus HTTP_CHECK: the status that means healthy; 200 when not given
 * @param intervalSeconds HTTP_CHECK: seconds between checks; 5 when not given
 */
public record ActionDraft(
    String name,
    String type,
    Integer timeoutMinutes,
    String onFailure,
    String documentName,
    String documentVersion,
    Map<String, List<String>> parameters,
    String url,
    Integer expectStatus,
    Integer intervalSeconds) {

  public static final int DEFAULT_TIMEOUT_MINUTES = 15;
  public static final int DEFAULT_EXPECT_STATUS = 200;
  public static final int DEFAULT_INTERVAL_SECONDS = 5;

  @JsonCreator
  public ActionDraft {
    parameters = parameters == null ? Map.of() : parameters;
  }

  /**
   * A stored action as a draft, to validate it again. Fields the other type does not take stay
   * unset, so the draft passes the validation it passed when it was stored.
   */
  public static ActionDraft of(WaveAction a) {
    boolean http = a.getType() == ActionType.HTTP_CHECK;
    return new ActionDraft(
        a.getName(),
        a.getType().name(),
        a.getTimeoutMinutes(),
        a.getOnFailure().name(),
        a.getDocumentName(),
        a.getDocumentVersion(),
        http ? Map.of() : a.getParameters(),
        a.getUrl(),
        http ? a.getExpectStatus() : null,
        http ? a.getIntervalSeconds() : null);
  }
}
