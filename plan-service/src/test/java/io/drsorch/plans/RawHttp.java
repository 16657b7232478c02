package io.drsorch.plans;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte for byte: for what an HTTP client library would not send as is (a raw
 * {@code ;} or {@code %2F} in a path, a body without Content-Type, several requests on one
 * connection).
 */
public final class RawHttp {

  private RawHttp() {}

  /** Writes {@code request} as is and reads until the server closes or stays silent for 3 s. */
  public static String exchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(3_000);
      try {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // the server may answer and close before it has read everything: read what it said
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException | SocketException e) {
        // what arrived is the answer
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  /** A request with a body, {@code Connection: close} unless {@code keepAlive}. */
  public static String request(
      String method, String target, String contentType, String body, boolean keepAlive) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request =
        new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(RestAssured.port).append("\r\n");
    if (contentType != null) {
      request.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null) {
      request.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    if (!keepAlive) {
      request.append("Connection: close\r\n");
    }
    return request.append("\r\n").append(body == null ? "" : body).toString();
  }

  /** The status code of the first answer in {@code answer}. */
  public static int status(String answer) {
    return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
  }
}
