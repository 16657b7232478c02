package io.drsorch.drctl.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** {@code --since} as people type it and as ISO-8601 writes it. */
class SinceTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "90d, PT2160H",
    "12h, PT12H",
    "30m, PT30M",
    "90D, PT2160H",
    "P90D, PT2160H",
    "p7d, PT168H",
    "PT12H, PT12H",
    "P1DT6H, PT30H"
  })
  void givenASpan_whenParsed_thenItsDuration(String text, String duration) {
    assertThat(Since.parse(text)).isEqualTo(Duration.parse(duration));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "90", "d", "90 days", "-5d", "0d", "PT0S", "P-1D", "1w"})
  void givenNoSpanBack_whenParsed_thenRefusedSayingWhatToGive(String text) {
    assertThatThrownBy(() -> Since.parse(text)).isInstanceOf(TypeConversionException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"P1M", "P1Y"})
  void givenMonthsOrYears_whenParsed_thenRefusedAsHavingNoFixedLength(String text) {
    assertThatThrownBy(() -> Since.parse(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("no fixed length");
  }

  @ParameterizedTest(name = "{0} is shown {1}")
  @CsvSource({"PT2160H, 90d", "PT12H, 12h", "PT30M, 30m", "PT90M, 90m", "PT30S, PT30S"})
  void givenADuration_whenShown_thenAsTyped(String duration, String shown) {
    assertThat(Since.shown(Duration.parse(duration))).isEqualTo(shown);
  }
}
