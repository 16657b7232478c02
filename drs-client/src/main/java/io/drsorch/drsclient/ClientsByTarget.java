package io.drsorch.drsclient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;

/** The clients of one AWS service, one per {@link Target}, built on first use, closed together. */
final class ClientsByTarget<C extends SdkClient> implements AutoCloseable {

  private final Function<Target, C> build;
  private final Map<Target, C> clients = new ConcurrentHashMap<>();

  ClientsByTarget(Function<Target, C> build) {
    this.build = build;
  }

  C of(Target target) {
    return clients.computeIfAbsent(target, build);
  }

  @Override
  public void close() {
    List<C> toClose = new ArrayList<>(clients.values());
    clients.clear();
    toClose.forEach(Closing::quietly);
  }
}
