package io.drsorch.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReasonsTest {

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Whether {@code s} survives UTF-8 unchanged: false when a surrogate pair was split. */
  private static boolean wholeCharacters(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
  }

  @Test
  void givenAReasonThatFitsInBytes_whenCut_thenUnchanged() {
    // given: 300 ASCII characters, and 150 two-byte ones
    String ascii = "x".repeat(Reasons.MAX_BYTES);
    String accented = "é".repeat(Reasons.MAX_BYTES / 2);

    // when / then
    assertThat(Reasons.cut(ascii)).isSameAs(ascii);
    assertThat(Reasons.cut(accented)).isSameAs(accented);
  }

  @Test
  void givenMultiByteReasons_whenCut_thenAtMostTheBoundInUtf8AndNeverHalfACharacter() {
    // given: 300 characters of 2, 3 and 4 bytes (the last as surrogate pairs), the pairs starting
    // at an odd index so that any cut by chars would land in one
    String twoBytes = "é".repeat(300);
    String threeBytes = "€".repeat(300);
    String fourBytes = "a" + "😀".repeat(150);
    String mixed = "cancelled by 操作员: " + "Ünïcödé 😀 ".repeat(100);

    for (String reason : new String[] {twoBytes, threeBytes, fourBytes, mixed}) {
      // when
      String cut = Reasons.cut(reason);

      // then
      assertThat(utf8(cut)).as("bytes of %s...", cut.substring(0, 10)).isLessThanOrEqualTo(300);
      assertThat(wholeCharacters(cut)).isTrue();
      assertThat(cut).endsWith("... (" + reason.length() + " characters)");
      assertThat(reason).startsWith(cut.substring(0, cut.indexOf("... (")));
      assertThat(Reasons.cut(cut)).isEqualTo(cut);
    }
    // as many whole characters as fit: 300 bytes less the 21 of the tail, 4 bytes each
    assertThat(Reasons.cut(fourBytes)).startsWith("a" + "😀".repeat(69) + "...");
  }
}
