package io.drsorch.deploy.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.deploy.e2e.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's {@code /q/metrics} on the local stack, read as Prometheus text. */
public final class Prometheus {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Prometheus() {}

  /** The metrics text of the service whose port is in {@code portVariable} (LAUNCHER_PORT...). */
  public static String scrape(LocalStack stack, String portVariable) throws Exception {
    return scrapeAt(stack.port(portVariable), portVariable);
  }

  /** The metrics text of one instance of a service ({@code drs-launcher-2}, ...). */
  public static String scrapeInstance(LocalStack stack, String component) throws Exception {
    return scrapeAt(stack.servicePort(component), component);
  }

  private static String scrapeAt(int port, String what) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("/q/metrics on " + what).isEqualTo(200);
    return answer.body();
  }

  /** The sum of a series' samples whose labels include {@code labels}. */
  public static double sum(String text, String name, Map<String, String> labels) {
    Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$");
    double total = 0;
    for (String line : text.split("\n")) {
      Matcher m = sample.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      String found = m.group(1) == null ? "" : m.group(1);
      boolean all =
          labels.entrySet().stream()
              .allMatch(l -> found.contains(l.getKey() + "=\"" + l.getValue() + "\""));
      if (all) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
