package io.drsorch.simulator.sts;

/**
 * STS answers in the Query protocol's XML, element for element as STS writes them: the SDK reads
 * {@code AssumeRoleResult} inside {@code AssumeRoleResponse}, and an error's {@code Code} and
 * {@code Message} inside {@code ErrorResponse/Error}.
 */
final class StsXml {

  static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  private StsXml() {}

  static String assumeRoleResponse(RoleSession session, String requestId) {
    return "<AssumeRoleResponse xmlns=\""
        + NAMESPACE
        + "\">\n"
        + "  <AssumeRoleResult>\n"
        + "    <AssumedRoleUser>\n"
        + element("      ", "AssumedRoleId", session.assumedRoleId())
        + element("      ", "Arn", session.assumedRoleArn())
        + "    </AssumedRoleUser>\n"
        + "    <Credentials>\n"
        + element("      ", "AccessKeyId", session.accessKeyId())
        + element("      ", "SecretAccessKey", session.secretAccessKey())
        + element("      ", "SessionToken", session.sessionToken())
        + element("      ", "Expiration", session.expiration().toString())
        + "    </Credentials>\n"
        + "  </AssumeRoleResult>\n"
        + "  <ResponseMetadata>\n"
        + element("    ", "RequestId", requestId)
        + "  </ResponseMetadata>\n"
        + "</AssumeRoleResponse>\n";
  }

  static String errorResponse(StsError error, String requestId) {
    return "<ErrorResponse xmlns=\""
        + NAMESPACE
        + "\">\n"
        + "  <Error>\n"
        + element("    ", "Type", error.type())
        + element("    ", "Code", error.code())
        + element("    ", "Message", error.getMessage())
        + "  </Error>\n"
        + element("  ", "RequestId", requestId)
        + "</ErrorResponse>\n";
  }

  private static String element(String indent, String name, String text) {
    return indent + "<" + name + ">" + escape(text) + "</" + name + ">\n";
  }

  /** Messages echo what the caller sent, so anything may need escaping. */
  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&apos;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
