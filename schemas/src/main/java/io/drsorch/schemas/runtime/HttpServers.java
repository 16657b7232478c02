package io.drsorch.schemas.runtime;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JDK HTTP servers ({@code com.sun.net.httpserver}) that slow clients cannot freeze. That server
 * hands every connection that sends a byte to a worker thread, which then blocks until the whole
 * request head has arrived; with a few workers, as many connections that send one byte and stop
 * would leave no worker for anyone else. Two things prevent it:
 *
 * <ul>
 *   <li>{@link HttpTimeouts}: a connection that has not sent its whole request {@link
 *       HttpTimeouts#REQUEST} after its first byte is closed, which frees its worker;
 *   <li>{@link #WORKERS} workers, far more than the few clients a service has (probes, the stack, a
 *       webhook caller, the DRS clients of the simulator), so that slow connections must be that
 *       many at once, and renewed every few seconds, to delay anyone.
 * </ul>
 *
 * <p>The pool is bounded rather than growing with the connections, so that a flood costs threads up
 * to a limit only: while all {@link #WORKERS} are busy, the server closes each new connection that
 * sends a request at once (the JDK server closes a connection whose exchange its executor refuses)
 * instead of queueing work without end. Nothing waits in a queue: a probe either gets a worker or a
 * closed connection, never an answer that comes after its timeout.
 */
public final class HttpServers {

  /** Requests served (or still being received) at the same time. */
  public static final int WORKERS = 64;

  /** How long an idle worker is kept before its thread ends. */
  private static final long IDLE_WORKER_SECONDS = 30;

  private HttpServers() {}

  /**
   * Binds {@code address} (port 0 picks a free one) with the deadlines and the bounded workers
   * installed; the caller adds its contexts and calls {@code start()}. Worker threads are daemons
   * named {@code threadPrefix-n}.
   */
  public static HttpServer create(InetSocketAddress address, String threadPrefix)
      throws IOException {
    return create(address, threadPrefix, WORKERS);
  }

  /** As {@link #create(InetSocketAddress, String)}, with another bound (tests use a small one). */
  static HttpServer create(InetSocketAddress address, String threadPrefix, int workers)
      throws IOException {
    HttpTimeouts.install();
    HttpServer server = HttpServer.create(address, 0);
    server.setExecutor(workers(threadPrefix, workers));
    return server;
  }

  /** Stops {@code server} at once and ends its workers. */
  public static void stop(HttpServer server) {
    server.stop(0);
    if (server.getExecutor() instanceof ExecutorService executor) {
      executor.shutdownNow();
    }
  }

  /**
   * Up to {@code workers} threads, made when no idle one is free and ended after a while idle (an
   * idle service keeps none); a task offered while all are busy is refused.
   */
  private static ExecutorService workers(String threadPrefix, int workers) {
    return new ThreadPoolExecutor(
        0,
        workers,
        IDLE_WORKER_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        daemonThreads(threadPrefix),
        new ThreadPoolExecutor.AbortPolicy());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
