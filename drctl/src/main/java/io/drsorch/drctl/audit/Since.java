package io.drsorch.drctl.audit;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How far back {@code drctl report --since} looks: {@code 90d}, {@code 12h}, {@code 30m} as people
 * type it, or ISO-8601 ({@code P90D}, {@code PT12H}, {@code P1DT6H}). A day is 24 hours: the period
 * is a span of time back from now, not calendar days.
 */
public final class Since implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,6})([dhm])");

  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
    Duration since;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      since =
          switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofMinutes(n);
          };
    } else {
      since = iso(t.toUpperCase(Locale.ROOT));
    }
    if (since.isNegative() || since.isZero()) {
      throw new TypeConversionException("'" + text + "' is not a span of time back from now");
    }
    return since;
  }

  /** {@code P90D} is a Period to java.time, {@code PT12H} and {@code P1DT6H} Durations. */
  private static Duration iso(String t) {
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException notADuration) {
      try {
        Period p = Period.parse(t);
        if (p.getYears() != 0 || p.getMonths() != 0) {
          throw new TypeConversionException(
              "'" + t + "': years and months have no fixed length; give days, e.g. P365D");
        }
        return Duration.ofDays(p.getDays());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'" + t + "' is not a span of time: give e.g. 90d, 12h, 30m or ISO-8601 P90D");
      }
    }
  }

  /** For people: 90d, 12h, 30m when it is that, else ISO-8601. */
  public static String shown(Duration since) {
    if (since.toMinutes() * 60 != since.toSeconds() || since.toNanosPart() != 0) {
      return since.toString();
    }
    long minutes = since.toMinutes();
    if (minutes % (24 * 60) == 0) {
      return minutes / (24 * 60) + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }
}
