package io.drsorch.drctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code -o text|json}: for people by default, JSON for scripts. */
public final class OutputOption {

  public enum Format {
    text,
    json
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      description = "text (default) or json",
      defaultValue = "text")
  Format format = Format.text;

  public boolean json() {
    return format == Format.json;
  }

  /** Pretty JSON of any tree or object, for {@code -o json}. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new CliException("cannot write JSON: " + e.getOriginalMessage());
    }
  }
}
