package io.drsorch.schemas.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deadlines for the JDK's HTTP server ({@code com.sun.net.httpserver}), so that a client which
 * sends part of a request and then nothing cannot keep a worker thread forever; and, set the same
 * way, its sockets' {@code TCP_NODELAY}, without which every answer waits for the client's delayed
 * acknowledgement.
 *
 * <p>Why system properties: that server reads a request's head on a worker thread with a blocking
 * read and has no per-server timeout; its only deadlines are the {@code sun.net.httpserver.*}
 * properties, which it reads once, when its first instance in the JVM is created. So {@link
 * #install()} must run before the first {@code HttpServer.create} of the JVM: {@link HttpServers}
 * calls it, and every server of this project is made there. A server created earlier elsewhere in
 * the same JVM would fix the JDK's defaults (no deadline at all) for every later one too.
 *
 * <p>The properties are JVM-wide and a value set on the command line ({@code -D}) wins, so an
 * operator can still loosen or tighten them. When the server closes a connection over its deadline
 * it also closes the socket under the blocked worker, which frees that worker.
 */
public final class HttpTimeouts {

  /**
   * A request, head and body, must have arrived this long after its first byte, or its connection
   * is closed within a {@link #CHECK_INTERVAL} more; so is a connection that sends no byte at all.
   * Probes, the webhook and the DRS API send small requests at once; a few seconds leave room for a
   * slow network, not for a stalled client.
   */
  public static final Duration REQUEST = Duration.ofSeconds(5);

  /**
   * From the end of a request until its response has been written. Every handler here answers from
   * memory in milliseconds; this bounds a client that never reads a large answer (a big
   * DescribeJobs page, say) and so would hold the worker that writes it. Generous because it is
   * JVM-wide: a test endpoint in the same JVM may hold its answer back for a few seconds.
   */
  public static final Duration RESPONSE = Duration.ofSeconds(30);

  /**
   * How often the server looks for connections over a deadline; the JDK's default of 10 s for
   * silent connections would let them stay three times longer than {@link #REQUEST}.
   */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private HttpTimeouts() {}

  /** The properties and the values {@link #install()} gives them when they are not set. */
  static Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    // seconds; -1 (the JDK's default) is no deadline
    properties.put("sun.net.httpserver.maxReqTime", Long.toString(REQUEST.toSeconds()));
    properties.put("sun.net.httpserver.maxRspTime", Long.toString(RESPONSE.toSeconds()));
    // milliseconds: the check of the two deadlines above
    properties.put("sun.net.httpserver.timerMillis", Long.toString(CHECK_INTERVAL.toMillis()));
    // milliseconds: the check of idle connections, which includes those that never sent a byte
    // (closed after the shorter of maxReqTime and idleInterval); idleInterval itself keeps the
    // JDK's 30 s, so that clients reusing kept-alive connections see no change
    properties.put("sun.net.httpserver.clockTick", Long.toString(CHECK_INTERVAL.toMillis()));
    // The server writes an answer's head and body separately; with Nagle's algorithm on (the JDK's
    // default) the body waits for the client to acknowledge the head, which Linux delays by up to
    // 40 ms. Measured on the simulator with the AWS SDK's client: 48 ms a DRS call without, 4 ms
    // with.
    properties.put("sun.net.httpserver.nodelay", "true");
    return properties;
  }

  /**
   * Sets each property that is not already set. Idempotent; effective only before the JVM's first
   * {@code HttpServer.create}.
   */
  public static synchronized void install() {
    properties().forEach(HttpTimeouts::setIfAbsent);
  }

  private static void setIfAbsent(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }
}
