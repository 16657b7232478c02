package io.drsorch.drsclient;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts and times every call of one AWS service's clients, by operation and outcome: for DRS
 * {@code drsorch_drs_calls_total{operation, outcome}} where the outcome is {@code ok} or DRS's
 * error code ({@code ThrottlingException}, ...; {@code NetworkError} when no answer came), and
 * {@code drsorch_drs_call_seconds{operation}}; for SSM the same as {@code drsorch_ssm_calls_total}
 * and {@code drsorch_ssm_call_seconds}. Recorded in Micrometer's global registry, to which the
 * service's Prometheus registry belongs.
 */
final class CallMetrics implements ExecutionInterceptor {

  static final String DRS = "drs";
  static final String SSM = "ssm";

  private static final ExecutionAttribute<Long> STARTED =
      new ExecutionAttribute<>("drsorch.call.started");

  private final String service;
  private final MeterRegistry registry;

  /**
   * The meters by operation and outcome, looked up once each: building and registering a meter on
   * every call showed in the launcher's profile under load.
   */
  private final Map<Call, Counter> calls = new ConcurrentHashMap<>();

  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  /**
   * @param service the meters' middle name, {@link #DRS} or {@link #SSM}
   */
  CallMetrics(String service) {
    this(service, Metrics.globalRegistry);
  }

  CallMetrics(String service, MeterRegistry registry) {
    this.service = service;
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "ok");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    Throwable failure = context.exception();
    String outcome = "NetworkError";
    if (failure instanceof AwsServiceException aws) {
      outcome =
          aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null
              ? aws.awsErrorDetails().errorCode()
              : "HTTP " + aws.statusCode();
    }
    record(attributes, outcome);
  }

  private void record(ExecutionAttributes attributes, String outcome) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (operation == null) {
      operation = "unknown";
    }
    calls.computeIfAbsent(new Call(operation, outcome), this::callCounter).increment();
    Long started = attributes.getAttribute(STARTED);
    if (started != null) {
      durations
          .computeIfAbsent(operation, this::callTimer)
          .record(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private Counter callCounter(Call call) {
    return Counter.builder("drsorch." + service + ".calls")
        .description(
            service.toUpperCase(Locale.ROOT)
                + " API calls by operation and outcome (ok or the service's error code)")
        .tag("operation", call.operation())
        .tag("outcome", call.outcome())
        .register(registry);
  }

  /** One series of the call counter. */
  private record Call(String operation, String outcome) {}

  private Timer callTimer(String operation) {
    return Timer.builder("drsorch." + service + ".call")
        .description(
            "How long " + service.toUpperCase(Locale.ROOT) + " API calls took, by operation")
        .publishPercentileHistogram()
        .tag("operation", operation)
        .register(registry);
  }
}
