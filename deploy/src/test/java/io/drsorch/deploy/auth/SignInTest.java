package io.drsorch.deploy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drsorch.deploy.e2e.LocalStack;
import io.drsorch.deploy.support.Drills;
import io.drsorch.drctl.cli.Captured;
import io.drsorch.testsupport.ListenPorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may launch a recovery, on the local stack with {@code STACK_AUTH=oidc}: a real Keycloak
 * issues the tokens, plan-service checks them and their roles, the audit trail records the token's
 * user, and drctl signs in by the device grant, completed here as a user would in a browser
 * (Keycloak's own login and consent pages).
 *
 * <p>Keycloak needs Java 21 or newer: without one (looked for as the stack does), the class is
 * skipped, saying so.
 */
@EnabledIf(
    value = "io.drsorch.deploy.auth.SignInTest#aJdkForKeycloak",
    disabledReason = "no JDK 21+ for Keycloak (KEYCLOAK_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*)")
class SignInTest {

  private static final int KEYCLOAK_PORT = ListenPorts.next();

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "auth-stack",
          Map.of(
              "STACK_AUTH", "oidc",
              "KEYCLOAK_PORT", Integer.toString(KEYCLOAK_PORT),
              "KEYCLOAK_MANAGEMENT_PORT", Integer.toString(ListenPorts.next()),
              "SIM_PENDING_SECONDS", "0.5",
              "SIM_STARTED_SECONDS", "1"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ISSUER = "http://127.0.0.1:" + KEYCLOAK_PORT + "/realms/drs";

  private static Drills drills;
  private static String planId;

  @TempDir static Path work;

  @BeforeAll
  static void storeAPlanAsThePlanner() throws Exception {
    drills = new Drills(STACK);
    Map<String, List<String>> servers = drills.servers(1, "db", "app");
    planId = "plan-auth";
    Map<String, Object> plan = Drills.planBody(planId, servers, Map.of("app", List.of("db")));
    HttpResponse<String> stored =
        call("PUT", "/plans/" + planId, token("planner"), JSON.writeValueAsString(plan));
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
  }

  @Test
  void givenNoToken_whenAnyEndpointIsCalled_then401WithAJsonReason() throws Exception {
    for (String[] request :
        List.of(
            new String[] {"GET", "/plans"},
            new String[] {"GET", "/executions"},
            new String[] {"PUT", "/plans/" + planId},
            new String[] {"POST", "/plans/" + planId + "/executions"})) {
      HttpResponse<String> answer = call(request[0], request[1], null, "{\"mode\": \"DRILL\"}");
      assertThat(answer.statusCode()).as(String.join(" ", request)).isEqualTo(401);
      assertThat(JSON.readTree(answer.body()).path("error").asText())
          .contains("authentication required");
      assertThat(answer.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }
  }

  @Test
  void givenAnExpiredOrForeignToken_whenCalled_then401() throws Exception {
    String shortLived = token("viewer", "short-lived");
    assertThat(call("GET", "/plans", shortLived, null).statusCode()).isEqualTo(200);
    Thread.sleep(3_500); // the short-lived client's tokens live 2 s

    HttpResponse<String> expired = call("GET", "/plans", shortLived, null);
    HttpResponse<String> foreign = call("GET", "/plans", foreignToken(), null);

    for (HttpResponse<String> answer : List.of(expired, foreign)) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
      assertThat(JSON.readTree(answer.body()).path("error").asText()).contains("not valid here");
    }
  }

  @Test
  void givenEachRole_whenStartingExecutions_thenOnlyItsOwnAreAllowedAndTheUserIsTheRequester()
      throws Exception {
    String drill = "{\"mode\": \"DRILL\"}";
    String recovery = "{\"mode\": \"RECOVERY\"}";
    String executions = "/plans/" + planId + "/executions";

    HttpResponse<String> viewerDrill = call("POST", executions, token("viewer"), drill);
    HttpResponse<String> operatorRecovery = call("POST", executions, token("operator"), recovery);
    HttpResponse<String> operatorDrill = call("POST", executions, token("operator"), drill);
    assertThat(operatorDrill.statusCode()).as(operatorDrill.body()).isEqualTo(202);
    // one execution of a plan at a time: the recovery once the drill ended
    String drillId = JSON.readTree(operatorDrill.body()).path("executionId").asText();
    JsonNode drilled = awaitEnd(drillId);
    HttpResponse<String> recoveryRecovery = call("POST", executions, token("recovery"), recovery);

    assertThat(viewerDrill.statusCode()).as(viewerDrill.body()).isEqualTo(403);
    assertThat(JSON.readTree(viewerDrill.body()).path("error").asText())
        .contains("'viewer' may not");
    assertThat(operatorRecovery.statusCode()).as(operatorRecovery.body()).isEqualTo(403);
    assertThat(JSON.readTree(operatorRecovery.body()).path("error").asText())
        .contains("role 'recovery' required");
    assertThat(recoveryRecovery.statusCode()).as(recoveryRecovery.body()).isEqualTo(202);

    String recoveryId = JSON.readTree(recoveryRecovery.body()).path("executionId").asText();
    assertThat(drilled.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(drilled.path("requestedBy").asText()).isEqualTo("operator");
    JsonNode recovered = awaitEnd(recoveryId);
    assertThat(recovered.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(recovered.path("requestedBy").asText()).isEqualTo("recovery");

    // the audit trail, read from the topics, names the token's user
    Captured audit =
        Captured.run(
            "audit",
            recoveryId,
            "--bootstrap-server",
            STACK.bootstrapServers(),
            "--schema-registry",
            STACK.registryUrl());
    assertThat(audit.code()).as(audit.err()).isZero();
    assertThat(audit.out()).containsPattern("(?i)requested by\\s*:?\\s*recovery");
  }

  @Test
  void givenDrctlLogin_whenTheUserConfirmsInTheBrowser_thenADrillRunsWithTheSavedToken()
      throws Exception {
    Path config = work.resolve("drctl-config");
    Process login = drctl(config, "login", "--issuer", ISSUER);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
    String page = null;
    List<String> printed = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      printed.add(line);
      if (line.strip().startsWith("http")) {
        page = line.strip();
        break;
      }
    }
    assertThat(page).as(String.join("\n", printed)).startsWith(ISSUER + "/device");

    confirmInTheBrowser(page, "operator");

    assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String rest = out.lines().collect(Collectors.joining("\n"));
    assertThat(login.exitValue()).as(rest).isZero();
    assertThat(rest).contains("signed in as operator");
    Path saved = config.resolve("tokens.json");
    assertThat(Files.getPosixFilePermissions(saved))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);

    Process run =
        drctl(config, "run", planId, "--drill", "--url", STACK.planServiceUrl(), "-o", "json");
    String ran = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(ran).isZero();
    String executionId =
        JSON.readTree(ran.substring(ran.indexOf('{'))).path("executionId").asText();
    JsonNode view = awaitEnd(executionId);
    assertThat(view.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(view.path("requestedBy").asText()).isEqualTo("operator");

    // and once the access token is about to expire, the next command refreshes it first
    JsonNode before = JSON.readTree(saved.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) before)
        .put("expiresAt", Instant.now().minusSeconds(1).toString());
    JSON.writeValue(saved.toFile(), before);
    Process listed = drctl(config, "plan", "list", "--url", STACK.planServiceUrl());
    String list = new String(listed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(listed.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(listed.exitValue()).as(list).isZero();
    assertThat(list).contains(planId);
    JsonNode after = JSON.readTree(saved.toFile());
    assertThat(after.path("accessToken").asText())
        .isNotEqualTo(before.path("accessToken").asText());
    assertThat(Instant.parse(after.path("expiresAt").asText())).isAfter(Instant.now());
  }

  @Test
  void givenNoIssuer_whenPlanServiceListensOnEveryInterface_thenItRefusesToStartInOneLine()
      throws Exception {
    Path app = STACK.home().resolve("app").resolve("plan-service").resolve("quarkus-run.jar");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.host=0.0.0.0",
                "-Dquarkus.http.port=" + ListenPorts.next(),
                "-jar",
                app.toString())
            .redirectErrorStream(true);
    builder.environment().remove("OIDC_ISSUER");
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", STACK.bootstrapServers());

    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(output)
        .contains(
            "plan-service will not serve unauthenticated on 0.0.0.0, an address other machines"
                + " can reach: configure an OIDC issuer (OIDC_ISSUER) or listen on a loopback"
                + " address (QUARKUS_HTTP_HOST=127.0.0.1)");
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Whether the stack will find a JDK Keycloak can run on, where it looks for one. */
  static boolean aJdkForKeycloak() throws Exception {
    List<Path> homes = new ArrayList<>();
    for (String variable : List.of("KEYCLOAK_JAVA_HOME", "JAVA_HOME")) {
      String home = System.getenv(variable);
      if (home != null && !home.isBlank()) {
        homes.add(Path.of(home));
      }
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (var all = Files.list(jvms)) {
        all.forEach(homes::add);
      }
    }
    Pattern version = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    for (Path home : homes) {
      Path release = home.resolve("release");
      if (Files.isExecutable(home.resolve("bin/java")) && Files.isReadable(release)) {
        Matcher major = version.matcher(Files.readString(release));
        if (major.find() && Integer.parseInt(major.group(1)) >= 21) {
          return true;
        }
      }
    }
    return false;
  }

  /** The execution's view once it ended, read as the viewer. */
  private static JsonNode awaitEnd(String executionId) throws Exception {
    String viewer = token("viewer");
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              HttpResponse<String> answer = call("GET", "/executions/" + executionId, viewer, null);
              if (answer.statusCode() != 200) {
                return false;
              }
              last[0] = JSON.readTree(answer.body());
              return Drills.TERMINAL.contains(last[0].path("status").asText());
            });
    return last[0];
  }

  /** A user's access token by the password grant (on in the local realm only). */
  private static String token(String user) throws Exception {
    return token(user, "drctl");
  }

  private static String token(String user, String clientId) throws Exception {
    String password = Files.readString(STACK.home().resolve("config/secrets/oidc-" + user)).strip();
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ISSUER + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form(
                            Map.of(
                                "grant_type", "password",
                                "client_id", clientId,
                                "username", user,
                                "password", password))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).path("access_token").asText();
  }

  /** A well-formed, signed token of another issuer, with every role. */
  private static String foreignToken() throws Exception {
    var keys = KeyPairGenerator.getInstance("RSA");
    keys.initialize(2048);
    var pair = keys.generateKeyPair();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header =
        b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"x\"}".getBytes());
    String payload =
        b64.encodeToString(
            JSON.writeValueAsBytes(
                Map.of(
                    "iss",
                    "http://idp.attacker.example/realms/drs",
                    "sub",
                    "intruder",
                    "preferred_username",
                    "recovery",
                    "exp",
                    now + 300,
                    "iat",
                    now,
                    "realm_access",
                    Map.of("roles", List.of("viewer", "planner", "operator", "recovery")))));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(pair.getPrivate());
    signer.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(signer.sign());
  }

  private static HttpResponse<String> call(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(STACK.planServiceUrl() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null || method.equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** drctl as its own process, with its own config folder. */
  private static Process drctl(Path config, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.drsorch.drctl.Drctl");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DRCTL_CONFIG_DIR", config.toString());
    builder.environment().remove("DRCTL_TOKEN");
    return builder.start();
  }

  /**
   * What the user does in a browser: opens the page drctl printed, signs in on Keycloak's login
   * form and grants drctl access on its consent form.
   */
  private static void confirmInTheBrowser(String page, String user) throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.ALWAYS)
            .build();
    HttpResponse<String> loginForm =
        browser.send(
            HttpRequest.newBuilder(URI.create(page)).build(), HttpResponse.BodyHandlers.ofString());
    String password = Files.readString(STACK.home().resolve("config/secrets/oidc-" + user)).strip();
    HttpResponse<String> consentForm =
        submit(
            browser,
            loginForm,
            "kc-form-login",
            Map.of("username", user, "password", password, "credentialId", ""));
    Matcher code = Pattern.compile("name=\"code\" value=\"([^\"]+)\"").matcher(consentForm.body());
    assertThat(code.find()).as("a consent form: " + consentForm.body()).isTrue();
    HttpResponse<String> done =
        submit(browser, consentForm, null, Map.of("code", code.group(1), "accept", "Yes"));
    assertThat(done.statusCode()).isEqualTo(200);
  }

  /**
   * Cookies as a browser keeps them for 127.0.0.1: a browser treats a loopback address as a secure
   * context and sends it the cookies Keycloak marks {@code Secure}; the JDK's cookie store would
   * keep them for https alone, and Keycloak's login then finds no session cookie.
   */
  private static final class LoopbackCookies extends CookieManager {
    @Override
    public void put(URI uri, Map<String, List<String>> headers) throws java.io.IOException {
      Map<String, List<String>> withoutSecure = new java.util.HashMap<>();
      headers.forEach(
          (name, values) ->
              withoutSecure.put(
                  name,
                  name != null && name.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie")
                      ? values.stream().map(v -> v.replaceAll("(?i);\\s*secure", "")).toList()
                      : values));
      super.put(uri, withoutSecure);
    }
  }

  /** Posts the form of the page (the one with this id, or the first) with these fields. */
  private static HttpResponse<String> submit(
      HttpClient browser, HttpResponse<String> page, String formId, Map<String, String> fields)
      throws Exception {
    Matcher form =
        Pattern.compile(
                "<form[^>]*"
                    + (formId == null ? "" : "id=\"" + formId + "\"[^>]*")
                    + "action=\"([^\"]+)\"")
            .matcher(page.body());
    assertThat(form.find()).as("a form on " + page.uri() + ": " + page.body()).isTrue();
    URI action = page.uri().resolve(form.group(1).replace("&amp;", "&"));
    return browser.send(
        HttpRequest.newBuilder(action)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
