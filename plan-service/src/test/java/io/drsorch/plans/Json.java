package io.drsorch.plans;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Small builders for request bodies, so each test shows only what it is about. */
public final class Json {

  private Json() {}

  public static String server(int n) {
    return String.format("s-%017d", n);
  }

  /** An id no other test uses: the broker and the service are shared by all test classes. */
  public static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String list(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  public static String wave(String id, List<String> servers, List<String> dependsOn) {
    return String.format(
        "{\"id\": \"%s\", \"region\": \"us-east-1\", \"sourceServerIds\": %s, \"dependsOn\": %s}",
        id, list(servers), list(dependsOn));
  }

  public static String plan(String name, String... waves) {
    return String.format("{\"name\": \"%s\", \"waves\": [%s]}", name, String.join(", ", waves));
  }

  public static String group(String region, List<String> servers) {
    return String.format(
        "{\"name\": \"Databases\", \"region\": \"%s\", \"sourceServerIds\": %s,"
            + " \"accountId\": \"123456789012\"}",
        region, list(servers));
  }
}
