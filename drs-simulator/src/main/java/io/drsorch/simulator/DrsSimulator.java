package io.drsorch.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.drsorch.schemas.runtime.HttpServers;
import io.drsorch.simulator.account.Accounts;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.account.JobRules;
import io.drsorch.simulator.account.Limits;
import io.drsorch.simulator.account.Timing;
import io.drsorch.simulator.admin.AdminHandler;
import io.drsorch.simulator.api.CallStats;
import io.drsorch.simulator.api.DrsApiHandler;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.events.EventConfig;
import io.drsorch.simulator.events.EventCounts;
import io.drsorch.simulator.events.LaunchResultEvents;
import io.drsorch.simulator.faults.Faults;
import io.drsorch.simulator.instances.DescribeRecoveryInstances;
import io.drsorch.simulator.instances.TerminateRecoveryInstances;
import io.drsorch.simulator.jobs.DescribeJobLogItems;
import io.drsorch.simulator.jobs.DescribeJobs;
import io.drsorch.simulator.jobs.StartRecovery;
import io.drsorch.simulator.servers.DescribeSourceServers;
import io.drsorch.simulator.servers.ReplicationState;
import io.drsorch.simulator.servers.UnknownSourceServerException;
import io.drsorch.simulator.snapshots.DescribeRecoverySnapshots;
import io.drsorch.simulator.snapshots.RecoverySnapshot;
import io.drsorch.simulator.ssm.AutomationDocument;
import io.drsorch.simulator.ssm.AutomationDocuments;
import io.drsorch.simulator.ssm.AutomationExecution;
import io.drsorch.simulator.ssm.AutomationExecutions;
import io.drsorch.simulator.ssm.AutomationOutcome;
import io.drsorch.simulator.ssm.GetAutomationExecution;
import io.drsorch.simulator.ssm.SsmHandler;
import io.drsorch.simulator.ssm.StartAutomationExecution;
import io.drsorch.simulator.ssm.StopAutomationExecution;
import io.drsorch.simulator.sts.AssumeRole;
import io.drsorch.simulator.sts.DeniedRoles;
import io.drsorch.simulator.sts.IssuedCredentials;
import io.drsorch.simulator.sts.RoleArn;
import io.drsorch.simulator.sts.StsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A local stand-in for the AWS Elastic Disaster Recovery API on the JDK HTTP server. It speaks the
 * rest-json protocol, so the AWS SDK's {@code DrsClient} with {@code endpointOverride( endpoint())}
 * talks to it unchanged; its admin API lives under {@code /_sim/}.
 *
 * <p>It simulates several AWS accounts: STS {@code AssumeRole} at {@link #stsEndpoint()} issues
 * credentials that lead to the role's account, and any other credentials reach the default account
 * ({@link SimulatorSettings#accountId()}). Timing, quotas and faults are shared by all accounts.
 *
 * <p>It also serves SSM automation ({@code StartAutomationExecution}, {@code
 * GetAutomationExecution}, {@code StopAutomationExecution}) over SSM's JSON 1.1 protocol at the
 * same {@link #endpoint()}, for the SDK's {@code SsmClient}: documents defined through the admin
 * API (or {@link #defineAutomationDocument}) run for a set time and end as they are defined to.
 *
 * <p>Job statuses are derived from the clock on every read, so a test can drive the lifecycle with
 * a controllable {@link Clock} instead of waiting. Launch-result events, when a target is
 * configured, are pushed at each job's completion on the real clock; with a hand-moved clock,
 * {@link #deliverDueEvents()} pushes the ones that are due.
 *
 * <p>Its HTTP server comes from {@link HttpServers}: a request must arrive whole within a few
 * seconds and there are many workers, so clients that send part of a request and stall cannot leave
 * the SDK clients, the stack's scripts or the health check without a worker.
 */
public final class DrsSimulator implements AutoCloseable {

  private final HttpServer server;
  private final Accounts accounts;
  private final DeniedRoles deniedRoles;
  private final CallStats stats;
  private final LaunchResultEvents events;
  private final AutomationDocuments documents;
  private final AutomationExecutions automations;
  private final URI endpoint;

  private DrsSimulator(
      HttpServer server,
      Accounts accounts,
      DeniedRoles deniedRoles,
      CallStats stats,
      LaunchResultEvents events,
      AutomationDocuments documents,
      AutomationExecutions automations,
      String host) {
    this.server = server;
    this.accounts = accounts;
    this.deniedRoles = deniedRoles;
    this.stats = stats;
    this.events = events;
    this.documents = documents;
    this.automations = automations;
    this.endpoint = URI.create("http://" + host + ":" + server.getAddress().getPort());
  }

  /** Starts on {@code host:port} (port 0 = a free port) with the default settings. */
  public static DrsSimulator start(String host, int port) {
    return start(host, port, Clock.systemUTC());
  }

  /** Starts with a clock of the caller's choosing, for tests that drive time. */
  public static DrsSimulator start(String host, int port, Clock clock) {
    return start(SimulatorSettings.of(host, port), clock);
  }

  public static DrsSimulator start(SimulatorSettings settings, Clock clock) {
    IssuedCredentials issued = new IssuedCredentials();
    Accounts accounts =
        new Accounts(
            clock,
            settings.accountId(),
            new JobRules(settings.timing(), settings.limits(), settings.snapshotInterval()),
            new Faults(),
            issued);
    DeniedRoles deniedRoles = new DeniedRoles();
    CallStats stats = new CallStats();
    Random random =
        settings.eventSeed().isPresent()
            ? new Random(settings.eventSeed().getAsLong())
            : new Random();
    LaunchResultEvents events = new LaunchResultEvents(clock, settings.events(), random);
    List<Operation> operations =
        List.of(
            new StartRecovery(events),
            new DescribeJobs(),
            new DescribeJobLogItems(),
            new DescribeSourceServers(),
            new DescribeRecoveryInstances(),
            new TerminateRecoveryInstances(),
            new DescribeRecoverySnapshots());
    DrsApiHandler api = new DrsApiHandler(operations, accounts, stats);
    AssumeRole assumeRole = new AssumeRole(Clock.systemUTC(), accounts, issued, deniedRoles);
    AutomationDocuments documents = new AutomationDocuments();
    AutomationExecutions automations = new AutomationExecutions(clock, documents);
    SsmHandler ssm =
        new SsmHandler(
            List.of(
                new StartAutomationExecution(automations),
                new GetAutomationExecution(automations),
                new StopAutomationExecution(automations)),
            accounts,
            stats);
    try {
      HttpServer server =
          HttpServers.create(
              new InetSocketAddress(settings.host(), settings.port()), "drs-simulator-http");
      StsHandler sts = new StsHandler(assumeRole, stats);
      // SSM, STS and DRS share the root: SSM's requests name it in X-Amz-Target, STS's are
      // form-encoded (see StsHandler), DRS has the rest.
      server.createContext("/", exchange -> route(exchange, ssm, sts, api).handle(exchange));
      server.createContext(
          "/_sim/",
          new AdminHandler(
              accounts, stats, events, api.operationNames(), deniedRoles, documents, automations));
      server.start();
      return new DrsSimulator(
          server, accounts, deniedRoles, stats, events, documents, automations, settings.host());
    } catch (IOException e) {
      events.close();
      throw new UncheckedIOException(
          "cannot listen on " + settings.host() + ":" + settings.port(), e);
    }
  }

  private static HttpHandler route(
      HttpExchange exchange, HttpHandler ssm, HttpHandler sts, HttpHandler drs) {
    if (SsmHandler.accepts(exchange)) {
      return ssm;
    }
    return StsHandler.accepts(exchange) ? sts : drs;
  }

  /** {@code http://host:port}, for {@code endpointOverride} of a DRS or an SSM client. */
  public URI endpoint() {
    return endpoint;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://host:port/sts}, for an {@code StsClient}'s {@code endpointOverride}. */
  public URI stsEndpoint() {
    return URI.create(endpoint + StsHandler.PATH);
  }

  /** Registers replicating source servers in a region of the default account. */
  public void addSourceServers(String region, List<String> sourceServerIds) {
    addSourceServers(accounts.defaultAccount().accountId(), region, sourceServerIds);
  }

  /**
   * Registers replicating source servers in a region of an account (12 digits; created if new);
   * known ones are left as they are.
   */
  public void addSourceServers(String accountId, String region, List<String> sourceServerIds) {
    sourceServerIds.forEach(DrsSimulator::requireServerId);
    accounts.account(accountId).addSourceServers(region, List.copyOf(sourceServerIds));
  }

  private static void requireServerId(String id) {
    if (!Ids.SOURCE_SERVER_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "source server id '" + id + "' must be s- and 17 letters or digits");
    }
  }

  /**
   * Registers source servers in a region of the default account in {@code state} with {@code lag};
   * servers already known take that state and lag too.
   */
  public void addSourceServers(
      String region, List<String> sourceServerIds, ReplicationState state, Duration lag) {
    sourceServerIds.forEach(DrsSimulator::requireServerId);
    accounts
        .defaultAccount()
        .addSourceServers(
            region, List.copyOf(sourceServerIds), Optional.of(state), Optional.of(lag));
  }

  /**
   * Changes the replication state and lag of a server of the default account (see {@link
   * io.drsorch.simulator.servers.SourceServer#changeReplicationState} for its snapshots).
   *
   * @throws UnknownSourceServerException when the region has no such server
   */
  public void setReplication(
      String region, String sourceServerId, ReplicationState state, Duration lag) {
    accounts
        .defaultAccount()
        .onSourceServer(
            region,
            sourceServerId,
            (server, now) -> {
              server.changeLag(lag);
              server.changeReplicationState(
                  state, now, accounts.defaultAccount().snapshotInterval());
              return null;
            });
  }

  /**
   * Replaces the recovery snapshots of a server of the default account with one at each of {@code
   * times} (none in the future); answers their ids, oldest first.
   */
  public List<String> setRecoverySnapshots(
      String region, String sourceServerId, List<Instant> times) {
    return accounts
        .defaultAccount()
        .onSourceServer(
            region,
            sourceServerId,
            (server, now) ->
                server.snapshots().replace(times, now).stream().map(RecoverySnapshot::id).toList());
  }

  /**
   * Sets how often replicating servers take snapshots: each takes its next one {@code interval}
   * from now, then one every {@code interval}.
   */
  public void configureSnapshotInterval(Duration interval) {
    accounts.setSnapshotInterval(interval);
  }

  /** Sets the quotas that jobs created from now on are checked against. */
  public void configureLimits(Limits limits) {
    accounts.rules().setLimits(limits);
  }

  /** The ids of the accounts known so far, the default one first. */
  public List<String> accountIds() {
    return accounts.ids();
  }

  /** Makes AssumeRole of {@code roleArn} answer AccessDenied until {@link #clearDeniedRoles()}. */
  public void denyAssumeRole(String roleArn) {
    deniedRoles.deny(
        RoleArn.parse(roleArn)
            .orElseThrow(
                () -> new IllegalArgumentException("'" + roleArn + "' is not an IAM role ARN")));
  }

  public void clearDeniedRoles() {
    deniedRoles.clear();
  }

  /** Sets how long jobs created from now on stay PENDING and STARTED (plus random jitter). */
  public void configure(double pendingSeconds, double startedSeconds, double jitterSeconds) {
    accounts.rules().setTiming(Timing.ofSeconds(pendingSeconds, startedSeconds, jitterSeconds));
  }

  /** Makes the server's next launch end FAILED, in whichever account launches it next. */
  public void failNextLaunch(String sourceServerId) {
    accounts.faults().failNextLaunch(sourceServerId);
  }

  /**
   * Makes the next {@code times} calls of {@code operation} answer {@code errorCode}, whatever
   * account they are made in.
   */
  public void failNextCalls(String operation, String errorCode, int times, long retryAfterSeconds) {
    accounts.faults().failNextCalls(operation, errorCode, times, null, retryAfterSeconds);
  }

  public void clearFaults() {
    accounts.faults().clear();
  }

  /**
   * Calls received per DRS operation (and STS {@code AssumeRole}, and SSM's automation operations)
   * since the start.
   */
  public Map<String, Long> callCounts() {
    return stats.snapshot();
  }

  /**
   * Calls answered with an error, by operation and then by error type (e.g. {@code StartRecovery}
   * to {@code ServiceQuotaExceededException}), injected faults included.
   */
  public Map<String, Map<String, Long>> refusalCounts() {
    return stats.refusals();
  }

  /**
   * Defines (or redefines, as its next version) an automation document: its executions started from
   * now on run for {@code duration}, then end in {@code outcome}, with {@code failureMessage} (null
   * for a default one) when that is Failed or TimedOut.
   */
  public AutomationDocument defineAutomationDocument(
      String name, AutomationOutcome outcome, Duration duration, String failureMessage) {
    return documents.define(name, outcome, duration, failureMessage, Map.of());
  }

  /** Every automation execution started, in any account and region, oldest first. */
  public List<AutomationExecution> automationExecutions() {
    return automations.all();
  }

  /** Where and how launch-result events are pushed from now on ({@link EventConfig#NONE}: not). */
  public void configureEvents(EventConfig config) {
    events.configure(config);
  }

  public EventConfig eventConfig() {
    return events.config();
  }

  /** Restarts the random that loses and duplicates events from {@code seed}. */
  public void seedEvents(long seed) {
    events.seed(seed);
  }

  /**
   * Pushes every launch-result event that is due by the simulator's clock and waits until each has
   * been delivered, retried or dropped; answers how many fell due. Tests with a hand-moved clock
   * call it after moving the clock.
   */
  public int deliverDueEvents() {
    return events.deliverDueEvents();
  }

  /** Events sent, dropped, duplicated and failed since the start, every target together. */
  public EventCounts eventCounts() {
    return events.counts();
  }

  /** The same, for each target events were handed to, in the order they were first used. */
  public Map<URI, EventCounts> eventCountsByTarget() {
    return events.countsByTarget();
  }

  @Override
  public void close() {
    HttpServers.stop(server);
    events.close();
  }
}
