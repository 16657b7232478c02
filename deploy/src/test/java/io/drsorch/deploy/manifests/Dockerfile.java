package io.drsorch.deploy.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Dockerfile says, instruction by instruction, continuation lines joined: its variables,
 * exposed ports, health check, copies and user, the parts the checks hold to its module. Parsed by
 * hand because nothing here runs Docker.
 */
record Dockerfile(
    Path file,
    String text,
    Map<String, String> env,
    List<Integer> exposed,
    String healthcheck,
    Map<String, String> copies,
    String user) {

  static Dockerfile parse(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new LinkedHashMap<>();
    List<Integer> exposed = new ArrayList<>();
    Map<String, String> copies = new LinkedHashMap<>();
    String healthcheck = "";
    String user = null;
    for (String line : text.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] instruction = trimmed.split("\\s+", 2);
      String arguments = instruction.length > 1 ? instruction[1] : "";
      switch (instruction[0].toUpperCase(Locale.ROOT)) {
        case "ENV" -> env.putAll(envArguments(arguments));
        case "EXPOSE" -> {
          for (String port : arguments.split("\\s+")) {
            exposed.add(Integer.parseInt(port.replace("/tcp", "")));
          }
        }
        case "HEALTHCHECK" -> healthcheck = arguments;
        case "USER" -> user = arguments.split(":")[0];
        case "COPY" -> {
          List<String> words = new ArrayList<>(List.of(arguments.split("\\s+")));
          words.removeIf(w -> w.startsWith("--"));
          String destination = words.remove(words.size() - 1);
          words.forEach(source -> copies.put(source, destination));
        }
        default -> {}
      }
    }
    return new Dockerfile(file, text, env, exposed, healthcheck, copies, user);
  }

  /** {@code KEY=value KEY2="a value"}, or the old {@code KEY value}. */
  private static Map<String, String> envArguments(String arguments) {
    Map<String, String> env = new LinkedHashMap<>();
    if (!arguments.split("\\s+")[0].contains("=")) {
      String[] pair = arguments.split("\\s+", 2);
      env.put(pair[0], pair.length > 1 ? pair[1] : "");
      return env;
    }
    Matcher pair =
        Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)")
            .matcher(arguments);
    while (pair.find()) {
      String value = pair.group(2);
      if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      env.put(pair.group(1), value);
    }
    return env;
  }
}
