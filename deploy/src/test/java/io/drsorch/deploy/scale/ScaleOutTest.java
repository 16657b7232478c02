package io.drsorch.deploy.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.chaos.GroundTruth;
import io.drsorch.deploy.client.SimulatorAdmin;
import io.drsorch.deploy.e2e.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.drs.DrsClient;

/**
 * Every service scaled out: two instances of each (separate processes: {@code STACK_INSTANCES=2} of
 * the stack script), on one stack, in three steps that build on each other.
 *
 * <ol>
 *   <li>A batch of executions is shared: every instance of every service does part of the work, by
 *       its own metrics (see {@link Fleet}), plans stored through one plan-service instance and
 *       started through the other.
 *   <li>A third instance of each service is started while executions keep coming: each third
 *       instance gets partitions and does part of the work.
 *   <li>One instance of each service is SIGKILLed while a batch runs (a launcher while
 *       StartRecovery answers are held back, so that a launch may be in flight): every execution
 *       still completes on the survivors, and DRS's own record shows each wave launched once, by
 *       one attempt, after its dependency ended, and nothing else launched.
 * </ol>
 *
 * <p>Each batch: chains of three one-server waves, with DRS's job quota raised (the simulator's and
 * the scheduler's) so that only the orchestrator sets the pace.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {

  private static final int QUOTA = 1000;

  /**
   * Executions per batch: each instance's share of the three partitions of a topic still gets
   * several (one partition of three: no execution at all with a chance of (2/3)^30), and the kill
   * of the third step comes early in the batch, with most of its launches still to make.
   */
  private static final int BATCH = 30;

  private static final Duration LIMIT = Duration.ofMinutes(2);

  @RegisterExtension
  static final LocalStack STACK =
      LocalStack.named(
          "scale-stack",
          Map.of(
              "STACK_INSTANCES", "2",
              "SIM_PENDING_SECONDS", "0.5",
              "SIM_STARTED_SECONDS", "1",
              "SCHEDULER_DRS_MAX_CONCURRENT_JOBS", Integer.toString(QUOTA)));

  /** Every execution acknowledged so far: DRS must hold three jobs of each and nothing else. */
  private static final List<String> STARTED = new CopyOnWriteArrayList<>();

  private static Fleet fleet;
  private static SimulatorAdmin simulator;

  @BeforeAll
  static void raiseTheQuota() {
    fleet = new Fleet(STACK);
    simulator = new SimulatorAdmin(STACK.simulatorUrl());
    simulator.configure(Map.of("maxConcurrentJobs", QUOTA));
  }

  /**
   * The stack is thrown away after the class ({@code down --purge}): every process of it is
   * SIGKILLed at once first, instead of being stopped one service after the other (the graceful
   * stop is none of this class's business).
   */
  @AfterAll
  static void discardTheStack() throws Exception {
    List<String> components = new ArrayList<>();
    for (String service : LocalStack.SERVICES) {
      for (int n = 1; n <= LocalStack.MAX_INSTANCES; n++) {
        components.add(LocalStack.instance(service, n));
      }
    }
    components.addAll(List.of("drs-simulator", "schema-registry", "kafka"));
    killTogether(components);
  }

  /** The instances of every service the stack was started with, and any third one added. */
  private static List<String> instances() throws Exception {
    List<String> all = new ArrayList<>();
    for (String service : LocalStack.SERVICES) {
      all.addAll(STACK.instances(service));
      String third = LocalStack.instance(service, 3);
      if (STACK.pid(third).isPresent()) {
        all.add(third);
      }
    }
    return all;
  }

  @Test
  @Order(1)
  void givenTwoInstancesOfEachService_whenABatchRuns_thenEveryInstanceDoesPartOfTheWork()
      throws Exception {
    // given
    List<String> planServices = STACK.instances("plan-service");
    assertThat(STACK.status())
        .as("status: one line per instance")
        .containsKeys(instances().toArray(String[]::new))
        .allSatisfy((component, state) -> assertThat(state).as(component).isEqualTo("up"));
    Map<String, Double> before = fleet.work(instances());

    // when
    List<String> plans = fleet.storeChains("shared", BATCH, planServices);
    List<String> executions = fleet.start(plans, planServices);
    STARTED.addAll(executions);
    Map<String, JsonNode> views = fleet.awaitEnded(executions, planServices, LIMIT);

    // then
    Map<String, Double> done = Fleet.delta(before, fleet.work(instances()));
    Fleet.shares(done).forEach(line -> System.out.println("[scale] shared batch: " + line));
    assertThat(Fleet.notCompleted(views)).as("executions not COMPLETED").isEmpty();
    assertThat(done).as("instances that answered /q/metrics").containsOnlyKeys(instances());
    done.forEach(
        (instance, work) ->
            assertThat(work)
                .as("%s by %s", Fleet.unit(LocalStack.serviceOf(instance)), instance)
                .isPositive());
    double launches = STACK.instances("drs-launcher").stream().mapToDouble(done::get).sum();
    assertThat(launches).as("StartRecovery calls, all launchers").isEqualTo(BATCH * 3.0);
    assertThat(drsProblems()).as("DRS's record").isEmpty();
  }

  @Test
  @Order(2)
  void givenABatchRunning_whenAThirdInstanceOfEachServiceJoins_thenItGetsPartitionsAndWork()
      throws Exception {
    // given: executions coming one after another
    List<String> thirds = LocalStack.SERVICES.stream().map(s -> LocalStack.instance(s, 3)).toList();
    List<String> planServices = new CopyOnWriteArrayList<>(STACK.instances("plan-service"));
    Trickle trickle = new Trickle(planServices).start();
    List<String> executions;
    Map<String, Double> work;
    try {
      // when: a third instance of each service joins while they run
      long joining = System.nanoTime();
      startTogether(thirds);
      planServices.add(LocalStack.instance("plan-service", 3));
      // They are up: executions come faster, so that each soon meets one on its partitions.
      trickle.hurry();
      System.out.printf(
          "[scale] third instances ready in %.1f s%n", (System.nanoTime() - joining) / 1e9);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      work = fleet.work(thirds);
      while (System.nanoTime() < deadline
          && !(work.size() == thirds.size() && work.values().stream().allMatch(w -> w > 0))) {
        Thread.sleep(500);
        work = fleet.work(thirds);
      }
      System.out.printf(
          "[scale] every third instance had work %.1f s after they were started%n",
          (System.nanoTime() - joining) / 1e9);
    } finally {
      executions = trickle.stop();
    }
    Map<String, JsonNode> views = fleet.awaitEnded(executions, planServices, LIMIT);

    // then
    System.out.printf(
        "[scale] %d executions started one by one while the third instances joined%n",
        executions.size());
    Fleet.shares(fleet.work(instances()))
        .forEach(line -> System.out.println("[scale] totals with the third instances: " + line));
    assertThat(trickle.failure()).as("starting executions").isNull();
    assertThat(STACK.status())
        .as("status: one line per instance")
        .containsKeys(instances().toArray(String[]::new))
        .allSatisfy((component, state) -> assertThat(state).as(component).isEqualTo("up"));
    assertThat(work).as("third instances that answered /q/metrics").containsOnlyKeys(thirds);
    work.forEach(
        (instance, done) ->
            assertThat(done)
                .as(
                    "%s by %s since it joined",
                    Fleet.unit(LocalStack.serviceOf(instance)), instance)
                .isPositive());
    assertThat(Fleet.notCompleted(views)).as("executions not COMPLETED").isEmpty();
    assertThat(drsProblems()).as("DRS's record").isEmpty();
  }

  @Test
  @Order(3)
  void givenABatchRunning_whenOneInstanceOfEachServiceIsKilled_thenNothingIsLostOrLaunchedTwice()
      throws Exception {
    // given: a batch under way on three instances of each service, StartRecovery answers held
    // back a moment so that a launch is likely in flight at the kill
    List<String> planServices = STACK.instances("plan-service");
    List<String> plans = fleet.storeChains("killed", BATCH, planServices);
    long callsBefore = startRecoveryCalls();
    List<String> executions = fleet.start(plans, planServices);
    STARTED.addAll(executions);
    awaitCalls(callsBefore + BATCH / 3);
    long inFlight = startRecoveryCalls();
    simulator.delayNextAnswers("StartRecovery", 2_000, 4);
    awaitCalls(inFlight + 2);

    // when: one instance of each service dies, as a crash would (no shutdown, no leaving groups)
    List<String> victims =
        List.of("plan-service-3", "wave-scheduler", "drs-launcher-2", "job-watcher-3");
    long madeAtKill = startRecoveryCalls() - callsBefore;
    for (String victim : victims) {
      assertThat(STACK.kill9(victim)).as("%s was running", victim).isTrue();
    }
    long killedAt = System.nanoTime();
    System.out.printf(
        "[scale] killed %s with %d of the batch's %d StartRecovery calls made%n",
        victims, madeAtKill, BATCH * 3);
    Map<String, JsonNode> views = fleet.awaitEnded(executions, List.of("plan-service"), LIMIT);
    simulator.clearFaults();

    // then
    System.out.printf(
        "[scale] the batch ended %.1f s after the kills%n", (System.nanoTime() - killedAt) / 1e9);
    Map<String, String> status = STACK.status();
    victims.forEach(v -> assertThat(status).as("status").containsEntry(v, "down"));
    assertThat(Fleet.notCompleted(views)).as("executions not COMPLETED").isEmpty();
    assertThat(drsProblems()).as("DRS's record").isEmpty();
  }

  /**
   * SIGKILLs the named components at once, each waited for until it is gone; one that would not go
   * is left to {@code down}, which stops whatever still runs.
   */
  private static void killTogether(List<String> components) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(components.size());
    try {
      List<Future<Boolean>> kills = new ArrayList<>();
      for (String component : components) {
        kills.add(pool.submit(() -> STACK.kill9(component)));
      }
      for (Future<Boolean> kill : kills) {
        try {
          kill.get();
        } catch (ExecutionException notGone) {
          // down stops it
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Brings up the named components at once, each with its own {@code stack up}. */
  private static void startTogether(List<String> components) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(components.size());
    try {
      List<Future<String>> ups = new ArrayList<>();
      for (String component : components) {
        ups.add(pool.submit(() -> STACK.up(component)));
      }
      for (Future<String> up : ups) {
        up.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Executions started one after another, a few a second, until stopped. */
  private static final class Trickle {
    private final List<String> planServices;
    private final List<String> executions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread = new Thread(this::run, "scale-trickle");

    /** The pause between two executions: long while instances start, short once they are up. */
    private volatile long pauseMillis = 1_500;

    Trickle(List<String> planServices) {
      this.planServices = planServices;
    }

    Trickle start() {
      thread.start();
      return this;
    }

    /** From now on a few executions a second: the instances have started. */
    void hurry() {
      pauseMillis = 250;
    }

    private void run() {
      try {
        for (int i = 0; !stopped.get() && i < 400; i++) {
          List<String> plan = fleet.storeChains("joined-" + i, 1, rotate(planServices, i));
          String execution = fleet.start(plan, rotate(planServices, i)).get(0);
          executions.add(execution);
          STARTED.add(execution);
          // Slow enough to leave the machine to the instances starting (then faster, see hurry).
          Thread.sleep(pauseMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception | AssertionError e) {
        failure.set(e);
      }
    }

    /** The instances, from the i-th on: consecutive executions go through every instance. */
    private static List<String> rotate(List<String> instances, int i) {
      List<String> rotated = new ArrayList<>(instances);
      Collections.rotate(rotated, -(i % rotated.size()));
      return rotated;
    }

    List<String> stop() throws InterruptedException {
      stopped.set(true);
      thread.join(Duration.ofSeconds(60).toMillis());
      return List.copyOf(executions);
    }

    Throwable failure() {
      return failure.get();
    }
  }

  private static long startRecoveryCalls() {
    return simulator.callCounts().getOrDefault("StartRecovery", 0L);
  }

  private static void awaitCalls(long calls) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (startRecoveryCalls() < calls && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** What is wrong in DRS's record of every execution started so far (empty: nothing). */
  private static List<String> drsProblems() {
    try (DrsClient drs = STACK.drs()) {
      GroundTruth truth = GroundTruth.read(drs);
      List<String> problems = new ArrayList<>(Fleet.problems(truth, STARTED));
      if (truth.jobCount() != STARTED.size() * Fleet.WAVES.size()) {
        problems.add(
            "DRS holds "
                + truth.jobCount()
                + " jobs, expected "
                + STARTED.size() * Fleet.WAVES.size());
      }
      problems.forEach(p -> System.out.println("[scale] DRS: " + p));
      return problems;
    }
  }
}
