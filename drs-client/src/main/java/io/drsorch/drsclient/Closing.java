package io.drsorch.drsclient;

/** Closing on the way out, where a failure to close leaves nothing to do about it. */
final class Closing {

  private Closing() {}

  static void quietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // on the way out: the process or the test ends anyway
    }
  }
}
