package io.drsorch.simulator;

import static io.drsorch.simulator.StsClients.ROLE_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS AssumeRole through the real SDK's {@code StsClient}, and the Query protocol's XML over raw
 * HTTP where the SDK would hide a detail.
 */
class StsAssumeRoleTest {

  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final HttpClient http = HttpClient.newHttpClient();
  private DrsSimulator simulator;
  private StsClient sts;

  @BeforeEach
  void start() {
    simulator = DrsSimulator.start("127.0.0.1", 0);
    sts = StsClients.withoutRetries(simulator);
  }

  @AfterEach
  void stop() {
    sts.close();
    simulator.close();
  }

  private AssumeRoleResponse assume(String roleArn, String sessionName) {
    return sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(sessionName));
  }

  private StsException refused(String roleArn, String sessionName, Integer durationSeconds) {
    return catchThrowableOfType(
        StsException.class,
        () ->
            sts.assumeRole(
                r ->
                    r.roleArn(roleArn)
                        .roleSessionName(sessionName)
                        .durationSeconds(durationSeconds)));
  }

  @Test
  void givenAWellFormedRole_whenAssumed_thenTheSdkReadsStsShapedTemporaryCredentials() {
    // given
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // when
    AssumeRoleResponse response = assume(ROLE_ARN, "pg-payments");

    // then
    Instant after = Instant.now();
    Credentials credentials = response.credentials();
    assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
    assertThat(credentials.accessKeyId()).matches("ASIA[A-Z0-9]{16}");
    assertThat(credentials.secretAccessKey()).matches("[A-Za-z0-9+/]{40}");
    assertThat(credentials.sessionToken()).matches("[A-Za-z0-9+/=]{100,}");
    assertThat(credentials.expiration())
        .isBetween(before.plusSeconds(3600), after.plusSeconds(3600));
    assertThat(response.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/drs-orchestrator/pg-payments");
    assertThat(response.assumedRoleUser().assumedRoleId()).matches("AROA[A-Z0-9]{17}:pg-payments");
    assertThat(response.responseMetadata().requestId()).matches(UUID);
    assertThat(simulator.callCounts()).containsEntry("AssumeRole", 1L);
    assertThat(simulator.accountIds()).containsExactly("123456789012", "111122223333");
  }

  @Test
  void givenTwoSessionsOfOneRole_whenAssumed_thenEachHasItsOwnKeysAndTheRoleKeepsItsId() {
    // when
    AssumeRoleResponse first = assume(ROLE_ARN, "first");
    AssumeRoleResponse second = assume(ROLE_ARN, "second");

    // then
    assertThat(first.credentials().accessKeyId()).isNotEqualTo(second.credentials().accessKeyId());
    assertThat(first.credentials().secretAccessKey())
        .isNotEqualTo(second.credentials().secretAccessKey());
    String roleId = first.assumedRoleUser().assumedRoleId().split(":")[0];
    assertThat(second.assumedRoleUser().assumedRoleId()).isEqualTo(roleId + ":second");
  }

  @Test
  void givenDurationSeconds_whenAssumed_thenTheCredentialsExpireThatFarAhead() {
    // given
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // when
    Instant shortest =
        sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("short").durationSeconds(900))
            .credentials()
            .expiration();
    Instant longest =
        sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("long").durationSeconds(43_200))
            .credentials()
            .expiration();

    // then
    Instant after = Instant.now();
    assertThat(shortest).isBetween(before.plusSeconds(900), after.plusSeconds(900));
    assertThat(longest).isBetween(before.plusSeconds(43_200), after.plusSeconds(43_200));
  }

  @Test
  void givenARoleWithAPath_whenAssumed_thenTheAssumedRoleArnNamesTheRoleOnly() {
    // when
    AssumeRoleResponse response =
        assume("arn:aws:iam::444455556666:role/dr/team-a/recovery.operator@ops", "s-1");

    // then
    assertThat(response.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::444455556666:assumed-role/recovery.operator@ops/s-1");
    assertThat(simulator.accountIds()).contains("444455556666");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-an-arn",
        "arn:aws:iam::11112222333:role/eleven-digits",
        "arn:aws:iam::111122223333:user/not-a-role",
        "arn:aws:s3:::111122223333:role/wrong-service",
        "arn:aws:iam::111122223333:role/has space",
        "arn:aws:iam::111122223333:role/role-name-of-sixty-five-characters-which-is-one-more-than-iam-all",
        "arn:aws:iam::111122223333:role/"
      })
  void givenAMalformedRoleArn_whenAssumed_thenValidationErrorNamesRoleArn(String roleArn) {
    // when
    StsException e = refused(roleArn, "session", null);

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    assertThat(e.awsErrorDetails().errorMessage())
        .startsWith("1 validation error detected: Value '" + roleArn + "' at 'roleArn'");
    assertThat(e.requestId()).matches(UUID);
    assertThat(simulator.accountIds()).containsExactly("123456789012");
  }

  @Test
  void givenARoleNameAndASessionNameOf64Characters_whenAssumed_thenBothAreAccepted() {
    // given the longest names STS accepts, one character short of the refused ones above
    String roleName = "role-name-of-sixty-five-characters-which-is-one-more-than-iam-al";
    String sessionName = "session-name-of-sixty-five-characters-is-one-more-than-sts-allow";

    // when
    AssumeRoleResponse response = assume("arn:aws:iam::111122223333:role/" + roleName, sessionName);

    // then
    assertThat(response.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/" + roleName + "/" + sessionName);
    assertThat(roleName).hasSize(64);
    assertThat(sessionName).hasSize(64);
  }

  @Test
  void givenNoRoleArn_whenAssumed_thenValidationErrorSaysRoleArnMustNotBeNull() {
    // when
    StsException e = refused(null, "session", null);

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint:"
                + " Member must not be null");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "session-name-of-sixty-five-characters-is-one-more-than-sts-allows",
        "has space",
        "colon:name",
        "slash/name"
      })
  void givenAMalformedSessionName_whenAssumed_thenValidationErrorNamesRoleSessionName(
      String sessionName) {
    // when
    StsException e = refused(ROLE_ARN, sessionName, null);

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    assertThat(e.awsErrorDetails().errorMessage())
        .startsWith(
            "1 validation error detected: Value '" + sessionName + "' at 'roleSessionName'");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 899, 43_201})
  void givenADurationOutsideItsRange_whenAssumed_thenValidationErrorNamesDurationSeconds(
      int seconds) {
    // when
    StsException e = refused(ROLE_ARN, "session", seconds);

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    assertThat(e.awsErrorDetails().errorMessage())
        .startsWith("1 validation error detected: Value '" + seconds + "' at 'durationSeconds'")
        .contains(seconds < 900 ? "greater than or equal to 900" : "less than or equal to 43200");
  }

  @Test
  void givenEveryParameterMalformed_whenAssumed_thenOneErrorNamesEachOfThem() {
    // when
    StsException e = refused("arn:aws:iam::1:role/x", "x", 60);

    // then
    assertThat(e.awsErrorDetails().errorMessage())
        .startsWith("3 validation errors detected: ")
        .contains("at 'roleArn'", "at 'roleSessionName'", "at 'durationSeconds'");
  }

  @Test
  void givenADeniedRole_whenAssumed_thenAccessDenied403NamingTheCallerAndTheRole() {
    // given
    String denied = "arn:aws:iam::444455556666:role/locked";
    simulator.denyAssumeRole(denied);

    // when
    StsException e = refused(denied, "session", null);

    // then
    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "User: arn:aws:iam::123456789012:user/test is not authorized to perform:"
                + " sts:AssumeRole on resource: "
                + denied);
    assertThat(simulator.accountIds()).containsExactly("123456789012");
    assertThat(assume(ROLE_ARN, "other-role").credentials().accessKeyId()).startsWith("ASIA");
    simulator.clearDeniedRoles();
    assertThat(assume(denied, "session").assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::444455556666:assumed-role/locked/session");
  }

  @Test
  void givenAssumedRoleCredentials_whenTheyAssumeAnotherRole_thenTheChainIsLimitedToAnHour() {
    // given a session of the role, used as the caller of the next AssumeRole
    Credentials first = assume(ROLE_ARN, "first-hop").credentials();
    String next = "arn:aws:iam::444455556666:role/next";
    String denied = "arn:aws:iam::444455556666:role/denied";
    simulator.denyAssumeRole(denied);
    try (StsClient chained =
        StsClients.withoutRetries(
            simulator,
            StaticCredentialsProvider.create(
                AwsSessionCredentials.create(
                    first.accessKeyId(), first.secretAccessKey(), first.sessionToken())))) {

      // when
      AssumeRoleResponse hour =
          chained.assumeRole(r -> r.roleArn(next).roleSessionName("hop").durationSeconds(3600));
      StsException longer =
          catchThrowableOfType(
              StsException.class,
              () ->
                  chained.assumeRole(
                      r -> r.roleArn(next).roleSessionName("hop").durationSeconds(3601)));
      StsException refused =
          catchThrowableOfType(
              StsException.class,
              () -> chained.assumeRole(r -> r.roleArn(denied).roleSessionName("hop")));

      // then
      assertThat(hour.assumedRoleUser().arn())
          .isEqualTo("arn:aws:sts::444455556666:assumed-role/next/hop");
      assertThat(longer.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
      assertThat(longer.awsErrorDetails().errorMessage())
          .isEqualTo(
              "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed"
                  + " by role chaining.");
      assertThat(refused.awsErrorDetails().errorMessage())
          .startsWith(
              "User: arn:aws:sts::111122223333:assumed-role/drs-orchestrator/first-hop is not"
                  + " authorized");
    }
  }

  @Test
  void givenAnActionTheSimulatorDoesNotServe_whenCalled_thenInvalidAction400() {
    // when
    StsException e = catchThrowableOfType(StsException.class, () -> sts.getCallerIdentity());

    // then
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("Could not find operation GetCallerIdentity for version 2011-06-15");
    assertThat(simulator.callCounts()).doesNotContainKey("GetCallerIdentity");
  }

  private HttpResponse<String> postForm(String path, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.endpoint() + path))
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Element root(HttpResponse<String> response) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document document =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    return document.getDocumentElement();
  }

  private static String text(Element parent, String... path) {
    Element element = parent;
    for (String name : path) {
      element = (Element) element.getElementsByTagNameNS(NAMESPACE, name).item(0);
      assertThat(element).as(name + " in " + parent.getTagName()).isNotNull();
    }
    return element.getTextContent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/sts", "/sts/", "/"})
  void givenAQueryRequest_whenPostedToAnStsPath_thenTheXmlIsStsAssumeRoleResponse(String path)
      throws Exception {
    // when
    HttpResponse<String> response =
        postForm(
            path,
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole"
                + "%2Fdrs-orchestrator&RoleSessionName=raw&DurationSeconds=900");

    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
    Element root = root(response);
    assertThat(root.getLocalName()).isEqualTo("AssumeRoleResponse");
    assertThat(root.getNamespaceURI()).isEqualTo(NAMESPACE);
    assertThat(text(root, "AssumeRoleResult", "Credentials", "AccessKeyId"))
        .matches("ASIA[A-Z0-9]{16}");
    assertThat(Instant.parse(text(root, "AssumeRoleResult", "Credentials", "Expiration")))
        .isAfter(Instant.now().plusSeconds(890));
    assertThat(text(root, "AssumeRoleResult", "AssumedRoleUser", "Arn"))
        .isEqualTo("arn:aws:sts::111122223333:assumed-role/drs-orchestrator/raw");
    assertThat(text(root, "ResponseMetadata", "RequestId"))
        .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
  }

  @Test
  void givenAnUnknownAction_whenPosted_thenTheXmlIsStsErrorResponse() throws Exception {
    // when
    HttpResponse<String> response = postForm("/sts/", "Action=Frobnicate&Version=2011-06-15");

    // then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/xml");
    Element root = root(response);
    assertThat(root.getLocalName()).isEqualTo("ErrorResponse");
    assertThat(root.getNamespaceURI()).isEqualTo(NAMESPACE);
    assertThat(text(root, "Error", "Type")).isEqualTo("Sender");
    assertThat(text(root, "Error", "Code")).isEqualTo("InvalidAction");
    assertThat(text(root, "Error", "Message"))
        .isEqualTo("Could not find operation Frobnicate for version 2011-06-15");
    assertThat(text(root, "RequestId")).matches(UUID);
  }

  @Test
  void givenAJsonPostToTheRoot_whenSent_thenTheDrsApiStillAnswersIt() throws Exception {
    // when
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    // then
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
    assertThat(response.body()).contains("unknownOperation");
  }
}
