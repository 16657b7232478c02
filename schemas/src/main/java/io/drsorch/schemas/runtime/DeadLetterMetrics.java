package io.drsorch.schemas.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * {@code drsorch_dead_letters_total{service, reason}}: records sent to drs.dead-letters, by the
 * service that sent them and the kind of reason (the exception's simple class name, so that the
 * series stay few). A letter whose transaction aborts is sent again and counted again: a rate to
 * alert on, not an audit (the topic is the audit).
 */
public final class DeadLetterMetrics {

  private DeadLetterMetrics() {}

  public static void sent(String service, String exceptionClassName) {
    String reason = exceptionClassName.substring(exceptionClassName.lastIndexOf('.') + 1);
    Counter.builder("drsorch.dead.letters")
        .description("Records sent to drs.dead-letters, by service and kind of reason")
        .tag("service", service)
        .tag("reason", reason.replace('$', '.'))
        .register(Metrics.globalRegistry)
        .increment();
  }
}
