package io.drsorch.scheduler.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsorch.avro.GateLimit;
import io.drsorch.avro.JobSlotsReleased;
import io.drsorch.avro.LaunchWave;
import io.drsorch.avro.TerminateRecoveryInstances;
import io.drsorch.avro.WaveLaunchDeferred;
import io.drsorch.scheduler.gate.QuotaGate.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The gate's rules on a book in memory: the servers quota beside the jobs quota, terminations
 * taking jobs and servers and locking their servers, launches waiting for those locks, one line in
 * arrival order for both, and deferrals saying which limit holds the head.
 */
class QuotaGateTest {

  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  private final MemoryGateBook book = new MemoryGateBook();

  @Test
  void givenServersInActiveJobs_whenALaunchWouldExceedTheServersQuota_thenItWaitsForServers() {
    // given: room for 10 jobs but only 5 servers in active jobs; 3 servers active
    QuotaGate gate = new QuotaGate(new JobQuota(10, 100, 5));
    assertThat(gate.request(book, launch("e/a/1", servers(0, 3)), T0).launches()).hasSize(1);

    // when
    Outcome outcome = gate.request(book, launch("e/b/1", servers(3, 6)), T0);

    // then
    assertThat(outcome.launches()).isEmpty();
    WaveLaunchDeferred deferral = single(outcome);
    assertThat(deferral.getWaitingFor()).isEqualTo(GateLimit.SERVERS);
    assertThat(deferral.getServersNeeded()).isEqualTo(3);
    assertThat(deferral.getActiveServers()).isEqualTo(3);
    assertThat(deferral.getServerQuota()).isEqualTo(5);
    assertThat(deferral.getActiveJobs()).isEqualTo(1);
    assertThat(deferral.getPosition()).isEqualTo(1);
    assertThat(deferral.getLockedServerIds()).isEmpty();
    assertThat(book.activeServers()).isEqualTo(3);

    // and when the active launch ends, the waiting one goes
    Outcome released = gate.release(book, release("e/a/1"), T0.plusSeconds(1));
    assertThat(released.launches()).extracting(LaunchWave::getRequestId).containsExactly("e/b/1");
    assertThat(book.activeServers()).isEqualTo(3);
  }

  @Test
  void givenALaunchLargerThanTheServersQuota_whenNothingIsActive_thenItGoesAlone() {
    // given
    QuotaGate gate = new QuotaGate(new JobQuota(10, 100, 4));

    // when
    Outcome big = gate.request(book, launch("e/big/1", servers(0, 6)), T0);
    Outcome next = gate.request(book, launch("e/next/1", servers(6, 7)), T0);

    // then
    assertThat(big.launches()).hasSize(1);
    assertThat(book.activeServers()).isEqualTo(6);
    assertThat(single(next).getWaitingFor()).isEqualTo(GateLimit.SERVERS);
    assertThat(gate.release(book, release("e/big/1"), T0).launches()).hasSize(1);
  }

  @Test
  void givenAnActiveTermination_whenALaunchNamesOneOfItsServers_thenItWaitsForTheLock() {
    // given: a drill cleanup terminating the instances of s-0 and s-1
    QuotaGate gate = new QuotaGate(JobQuota.DEFAULT);
    Outcome terminated = gate.request(book, termination("e0/cleanup/us-east-1", 0, 2), T0);
    assertThat(terminated.terminations()).hasSize(1);
    assertThat(terminated.deferrals()).isEmpty();

    // when a launch of s-1 and s-2 comes
    Outcome outcome = gate.request(book, launch("e1/db/1", servers(1, 3)), T0.plusSeconds(1));

    // then it waits for s-1, though jobs and servers have room
    assertThat(outcome.admitted()).isEmpty();
    WaveLaunchDeferred deferral = single(outcome);
    assertThat(deferral.getWaitingFor()).isEqualTo(GateLimit.SERVER_LOCK);
    assertThat(deferral.getLockedServerIds()).containsExactly(server(1));
    assertThat(deferral.getPosition()).isEqualTo(1);
    assertThat(deferral.getActiveJobs()).isEqualTo(1);
    assertThat(deferral.getActiveServers()).isEqualTo(2);

    // and when the termination is over, the launch goes and locks its servers in turn
    Outcome released = gate.release(book, release("e0/cleanup/us-east-1"), T0.plusSeconds(2));
    assertThat(released.launches()).extracting(LaunchWave::getRequestId).containsExactly("e1/db/1");
    assertThat(released.deferrals()).isEmpty();
    assertThat(book.locked(servers(0, 3))).containsExactly(server(1), server(2));
    assertThat(book.activeJobs()).isEqualTo(1);
    assertThat(book.activeServers()).isEqualTo(2);
  }

  @Test
  void givenAnActiveLaunch_whenATerminationOrAnotherLaunchNamesItsServer_thenEachWaitsInTurn() {
    // given
    QuotaGate gate = new QuotaGate(JobQuota.DEFAULT);
    gate.request(book, launch("e1/db/1", servers(0, 1)), T0);

    // when: a termination of the same server, then another launch of it
    Outcome termination = gate.request(book, termination("e0/cleanup/us-east-1", 0, 1), T0);
    Outcome second = gate.request(book, launch("e2/db/1", servers(0, 1)), T0);

    // then both wait; the launch behind the termination waits for its turn, not for a limit
    assertThat(termination.admitted()).isEmpty();
    assertThat(termination.deferrals()).as("a termination is no wave to announce").isEmpty();
    assertThat(single(second).getPosition()).isEqualTo(2);
    assertThat(single(second).getWaitingFor()).isNull();

    // and the launch's end lets the termination through, which now holds the server
    Outcome first = gate.release(book, release("e1/db/1"), T0);
    assertThat(first.terminations())
        .extracting(TerminateRecoveryInstances::getRequestId)
        .containsExactly("e0/cleanup/us-east-1");
    WaveLaunchDeferred moved = single(first);
    assertThat(moved.getRequestId()).isEqualTo("e2/db/1");
    assertThat(moved.getPosition()).isEqualTo(1);
    assertThat(moved.getWaitingFor()).isEqualTo(GateLimit.SERVER_LOCK);
    assertThat(moved.getLockedServerIds()).containsExactly(server(0));
    assertThat(gate.release(book, release("e0/cleanup/us-east-1"), T0).launches())
        .extracting(LaunchWave::getRequestId)
        .containsExactly("e2/db/1");
  }

  @Test
  void givenATerminationOfMoreThan200Instances_whenRequested_thenItTakesAJobPer200() {
    // given: 3 jobs at most, one launch active
    QuotaGate gate = new QuotaGate(new JobQuota(3, 100, 1000));
    gate.request(book, launch("e1/a/1", List.of("s-00000000000009999")), T0);

    // when: 401 instances take 3 TERMINATE jobs
    Outcome outcome = gate.request(book, termination("e0/cleanup/us-east-1", 0, 401), T0);

    // then it waits for jobs, and goes once the launch ends
    assertThat(outcome.admitted()).isEmpty();
    assertThat(book.line()).singleElement().satisfies(w -> assertThat(w.jobs()).isEqualTo(3));
    assertThat(gate.release(book, release("e1/a/1"), T0).terminations()).hasSize(1);
    assertThat(book.activeJobs()).isEqualTo(3);
    assertThat(book.activeServers()).isEqualTo(401);
  }

  @Test
  void givenLaunchesInLine_whenATerminationComes_thenItGoesInItsTurnAndNothingOvertakesIt() {
    // given: one job at a time; a runs, b waits
    QuotaGate gate = new QuotaGate(new JobQuota(1, 100));
    gate.request(book, launch("e1/a/1", servers(0, 1)), T0);
    gate.request(book, launch("e1/b/1", servers(1, 2)), T0);

    // when: a termination (of other servers) and then another launch come
    Outcome termination = gate.request(book, termination("e0/cleanup/us-east-1", 5, 6), T0);
    Outcome c = gate.request(book, launch("e1/c/1", servers(2, 3)), T0);

    // then the line is b, the termination, c, and it is served in that order
    assertThat(termination.admitted()).isEmpty();
    assertThat(single(c).getPosition()).isEqualTo(3);
    assertThat(book.line())
        .extracting(GateBook.Waiting::requestId)
        .containsExactly("e1/b/1", "e0/cleanup/us-east-1", "e1/c/1");
    assertThat(gate.release(book, release("e1/a/1"), T0).admitted())
        .extracting(GateCommand::requestId)
        .containsExactly("e1/b/1");
    Outcome afterB = gate.release(book, release("e1/b/1"), T0);
    assertThat(afterB.admitted())
        .extracting(GateCommand::requestId)
        .containsExactly("e0/cleanup/us-east-1");
    assertThat(single(afterB).getPosition()).as("c moved up").isEqualTo(1);
    assertThat(gate.release(book, release("e0/cleanup/us-east-1"), T0).admitted())
        .extracting(GateCommand::requestId)
        .containsExactly("e1/c/1");
  }

  @Test
  void givenAHeadWaitingForALock_whenAnotherRequestIsReleased_thenNothingIsAnnounced() {
    // given: a termination of s-0 and a launch of s-5 active, a launch of s-0 waiting for s-0
    QuotaGate gate = new QuotaGate(JobQuota.DEFAULT);
    gate.request(book, termination("e0/cleanup/us-east-1", 0, 1), T0);
    gate.request(book, launch("e1/a/1", servers(5, 6)), T0);
    Outcome waiting = gate.request(book, launch("e2/db/1", servers(0, 1)), T0);
    assertThat(single(waiting).getWaitingFor()).isEqualTo(GateLimit.SERVER_LOCK);

    // when the launch of s-5 ends
    Outcome released = gate.release(book, release("e1/a/1"), T0);

    // then the head keeps its place and what holds it: no news
    assertThat(released.admitted()).isEmpty();
    assertThat(released.deferrals()).isEmpty();
  }

  @Test
  void givenAHeadWaitingForTwoLocks_whenOneIsReleased_thenTheServerStillLockedIsAnnounced() {
    // given: s-0 and s-1 terminated by two requests, a launch of both waiting
    QuotaGate gate = new QuotaGate(JobQuota.DEFAULT);
    gate.request(book, termination("e0/cleanup/us-east-1", 0, 1), T0);
    gate.request(book, termination("e0/cleanup/us-east-1/111122223333", 1, 2), T0);
    Outcome waiting = gate.request(book, launch("e2/db/1", servers(0, 2)), T0);
    assertThat(single(waiting).getLockedServerIds()).containsExactly(server(0), server(1));

    // when
    Outcome released = gate.release(book, release("e0/cleanup/us-east-1"), T0);

    // then
    WaveLaunchDeferred deferral = single(released);
    assertThat(deferral.getPosition()).isEqualTo(1);
    assertThat(deferral.getWaitingFor()).isEqualTo(GateLimit.SERVER_LOCK);
    assertThat(deferral.getLockedServerIds()).containsExactly(server(1));
  }

  @Test
  void givenAHeadWaitingForALock_whenTheLockGoesButJobsAreShort_thenItNowWaitsForJobs() {
    // given: 3 jobs, one server per call; two launches and a termination of s-0 active, a launch
    // of s-0 and s-1 (2 jobs) waiting for s-0
    QuotaGate gate = new QuotaGate(new JobQuota(3, 1));
    gate.request(book, launch("e1/a/1", servers(5, 6)), T0);
    gate.request(book, launch("e1/b/1", servers(6, 7)), T0);
    gate.request(book, termination("e0/cleanup/us-east-1", 0, 1), T0);
    Outcome waiting = gate.request(book, launch("e2/db/1", servers(0, 2)), T0);
    assertThat(single(waiting).getWaitingFor()).isEqualTo(GateLimit.SERVER_LOCK);

    // when the termination is over: 2 jobs active, 2 needed, 3 at most
    Outcome released = gate.release(book, release("e0/cleanup/us-east-1"), T0);

    // then
    assertThat(released.admitted()).isEmpty();
    WaveLaunchDeferred deferral = single(released);
    assertThat(deferral.getWaitingFor()).isEqualTo(GateLimit.JOBS);
    assertThat(deferral.getJobsNeeded()).isEqualTo(2);
    assertThat(deferral.getActiveJobs()).isEqualTo(2);
    assertThat(deferral.getLockedServerIds()).isEmpty();
    assertThat(gate.release(book, release("e1/a/1"), T0).launches()).hasSize(1);
  }

  @Test
  void givenARepeatedTermination_whenItComesAgainOrAfterItsRelease_thenNothingChanges() {
    // given
    QuotaGate gate = new QuotaGate(JobQuota.DEFAULT);
    TerminateRecoveryInstances termination = termination("e0/cleanup/us-east-1", 0, 2);
    gate.request(book, termination, T0);

    // when / then
    assertThat(gate.request(book, termination, T0)).isEqualTo(Outcome.NONE);
    gate.release(book, release("e0/cleanup/us-east-1"), T0);
    assertThat(book.locked(servers(0, 2))).isEmpty();
    assertThat(book.activeServers()).isZero();
    assertThat(gate.request(book, termination, T0)).isEqualTo(Outcome.NONE);
    assertThat(book.activeJobs()).isZero();
  }

  @Test
  void givenATerminationWithoutSourceServers_whenRequested_thenItCountsButLocksNothing() {
    // given: a termination written before terminations named their servers
    QuotaGate gate = new QuotaGate(JobQuota.DEFAULT);
    TerminateRecoveryInstances old =
        TerminateRecoveryInstances.newBuilder(termination("e0/cleanup/us-east-1", 0, 2))
            .setSourceServerIds(List.of())
            .build();

    // when
    gate.request(book, old, T0);
    Outcome launch = gate.request(book, launch("e1/db/1", servers(0, 1)), T0);

    // then
    assertThat(book.activeServers()).isEqualTo(3);
    assertThat(launch.launches()).hasSize(1);
  }

  static WaveLaunchDeferred single(Outcome outcome) {
    assertThat(outcome.deferrals()).hasSize(1);
    return outcome.deferrals().get(0);
  }

  static String server(int i) {
    return String.format("s-%017d", i);
  }

  static List<String> servers(int from, int to) {
    return IntStream.range(from, to).mapToObj(QuotaGateTest::server).toList();
  }

  static LaunchWave launch(String requestId, List<String> servers) {
    String[] parts = requestId.split("/");
    return LaunchWave.newBuilder()
        .setId("launch-" + requestId)
        .setExecutionId(parts[0])
        .setOccurredAt(T0)
        .setWaveId(parts[1])
        .setAttempt(Integer.parseInt(parts[2]))
        .setRegion("us-east-1")
        .setSourceServerIds(servers)
        .setDrill(true)
        .setRequestId(requestId)
        .build();
  }

  /** A termination of the instances of servers {@code from} (inclusive) to {@code to}. */
  static TerminateRecoveryInstances termination(String requestId, int from, int to) {
    return TerminateRecoveryInstances.newBuilder()
        .setId("terminate-" + requestId)
        .setExecutionId(requestId.split("/")[0])
        .setOccurredAt(T0)
        .setRequestId(requestId)
        .setRegion("us-east-1")
        .setRecoveryInstanceIds(
            IntStream.range(from, to).mapToObj(i -> String.format("i-%017d", i)).toList())
        .setSourceServerIds(servers(from, to))
        .build();
  }

  static JobSlotsReleased release(String requestId) {
    return JobSlotsReleased.newBuilder()
        .setId("release-" + requestId)
        .setExecutionId(requestId.split("/")[0])
        .setOccurredAt(T0)
        .setWaveId("")
        .setAttempt(0)
        .setRequestId(requestId)
        .setRegion("us-east-1")
        .build();
  }
}
