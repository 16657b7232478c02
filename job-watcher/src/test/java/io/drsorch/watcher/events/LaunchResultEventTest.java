package io.drsorch.watcher.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LaunchResultEventTest {

  private static final String JOB = "drsjob-0123456789abcdefG";

  @Test
  void givenEventBridgeEnvelope_whenRead_thenJobId() {
    // given
    String event =
        "{\"version\":\"0\",\"id\":\"e\",\"detail-type\":\"DRS Source Server Launch Result\","
            + "\"source\":\"aws.drs\",\"account\":\"123456789012\",\"time\":\"2026-11-22T10:00:05Z\","
            + "\"region\":\"us-east-1\",\"resources\":[],"
            + "\"detail\":{\"state\":\"RECOVERY_LAUNCH_SUCCEEDED\",\"job-id\":\""
            + JOB
            + "\",\"is-drill\":\"TRUE\"}}";
    // when / then
    assertThat(LaunchResultEvent.jobId(bytes(event))).isEqualTo(JOB);
  }

  @Test
  void givenWrongOrMissingParts_whenRead_thenReasonNamesThePart() {
    assertReason("not json", "not valid JSON");
    assertReason("[1]", "not a JSON object");
    assertReason(
        "{\"source\":\"aws.ec2\",\"detail-type\":\"DRS Source Server Launch Result\"}", "source");
    assertReason("{\"source\":\"aws.drs\",\"detail-type\":\"Other\"}", "detail-type");
    assertReason(
        "{\"source\":\"aws.drs\",\"detail-type\":\"DRS Source Server Launch Result\"}", "detail");
    assertReason(
        "{\"source\":\"aws.drs\",\"detail-type\":\"DRS Source Server Launch Result\","
            + "\"detail\":{\"job-id\":\"drsjob-short\"}}",
        "detail.job-id");
  }

  @Test
  void givenRightSecret_whenCompared_thenMatchesAndNothingElseDoes() {
    // given
    ApiKey key = new ApiKey("s3cret");
    // when / then
    assertThat(key.matches("s3cret")).isTrue();
    assertThat(key.matches("s3cret ")).isFalse();
    assertThat(key.matches("")).isFalse();
    assertThat(key.matches(null)).isFalse();
  }

  private static void assertReason(String body, String reason) {
    assertThatThrownBy(() -> LaunchResultEvent.jobId(bytes(body)))
        .isInstanceOf(LaunchResultEvent.Malformed.class)
        .hasMessageContaining(reason);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
