package io.drsorch.simulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.DrsAccount.RegionView;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.account.Limits;
import io.drsorch.simulator.api.DrsError;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.api.RequestFields;
import io.drsorch.simulator.instances.RecoveryInstance;
import io.drsorch.simulator.servers.SourceServer;
import io.drsorch.simulator.snapshots.RecoverySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code StartRecovery}: launches recovery instances for source servers in one LAUNCH job (a drill
 * when {@code isDrill}). Each server launches from the recovery snapshot named for it, which must
 * be one of its own, or else from the latest data (see {@link SnapshotSource}). Each first loses
 * its previous recovery instance; a server with an injected launch fault, or with no data to launch
 * from, ends FAILED while the job still ends COMPLETED.
 */
public final class StartRecovery implements Operation {

  private final LaunchJobListener listener;

  public StartRecovery(LaunchJobListener listener) {
    this.listener = listener;
  }

  @Override
  public String name() {
    return "StartRecovery";
  }

  @Override
  public int successStatus() {
    return 202;
  }

  /**
   * One server of the request.
   *
   * @param field how errors name it, e.g. {@code sourceServers[2]}
   */
  private record Requested(String field, String sourceServerId, String recoverySnapshotId) {}

  @Override
  public ObjectNode handle(DrsAccount account, String region, JsonNode body) {
    List<Requested> requested = sourceServers(body, account.limits());
    boolean drill = RequestFields.bool(body, "isDrill");
    Map<String, String> tags = RequestFields.tags(body, "tags");
    Job job = account.inRegion(region, view -> launch(account, view, requested, drill, tags));
    listener.launchJobCreated(account.accountId(), region, job);
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.set("job", JobJson.of(job, job.createdAt()));
    return response;
  }

  private static List<Requested> sourceServers(JsonNode body, Limits limits) {
    JsonNode list = body.path("sourceServers");
    if (!list.isArray()) {
      throw DrsError.invalidField("sourceServers", "is required and must be a list");
    }
    RequestFields.checkSize("sourceServers", list.size(), 1, limits.maxServersPerCall());
    List<Requested> requested = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      String field = "sourceServers[" + i + "]";
      if (!item.isObject()) {
        throw DrsError.invalidField(field, "must be an object");
      }
      String id =
          RequestFields.requiredString(
              item, "sourceServerID", field + ".sourceServerID", Ids.SOURCE_SERVER_ID);
      Optional<String> snapshot =
          RequestFields.string(
              item, "recoverySnapshotID", field + ".recoverySnapshotID", Ids.RECOVERY_SNAPSHOT_ID);
      if (!seen.add(id)) {
        throw DrsError.invalidField(field + ".sourceServerID", "'" + id + "' is listed twice");
      }
      requested.add(new Requested(field, id, snapshot.orElse(null)));
    }
    return requested;
  }

  private static Job launch(
      DrsAccount account,
      RegionView view,
      List<Requested> requested,
      boolean drill,
      Map<String, String> tags) {
    List<SourceServer> servers = new ArrayList<>();
    for (Requested request : requested) {
      servers.add(
          view.state()
              .sourceServer(request.sourceServerId())
              .orElseThrow(
                  () ->
                      DrsError.resourceNotFound(
                          "Source server " + request.sourceServerId() + " not found",
                          request.sourceServerId(),
                          "SOURCE_SERVER")));
    }
    List<Optional<RecoverySnapshot>> chosen = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      chosen.add(chosenSnapshot(requested.get(i), servers.get(i), view.now()));
    }
    JobAdmission.check(view, account.limits(), servers);

    String jobId = view.state().newJobId();
    List<Participant> participants = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      participants.add(participant(account, view, servers.get(i), chosen.get(i)));
    }
    Job job =
        JobAdmission.create(
            view, account.timing(), jobId, JobType.LAUNCH, drill, tags, participants);
    for (Participant participant : participants) {
      cleanUpPrevious(view, job, participant);
      addLaunchedInstance(view, job, participant);
    }
    return job;
  }

  /**
   * The snapshot the request names for this server, which must be one of the server's own. The
   * model's StartRecovery lists no error for another id and the DRS documentation says nothing of
   * it: a ValidationException naming the field, as for any other invalid value.
   */
  private static Optional<RecoverySnapshot> chosenSnapshot(
      Requested request, SourceServer server, Instant now) {
    if (request.recoverySnapshotId() == null) {
      return Optional.empty();
    }
    return Optional.of(
        server
            .snapshots()
            .find(request.recoverySnapshotId(), now)
            .orElseThrow(
                () ->
                    DrsError.invalidField(
                        request.field() + ".recoverySnapshotID",
                        "'"
                            + request.recoverySnapshotId()
                            + "' is not a recovery snapshot of source server "
                            + server.id())));
  }

  private static Participant participant(
      DrsAccount account, RegionView view, SourceServer server, Optional<RecoverySnapshot> chosen) {
    Instant now = view.now();
    SnapshotSource source;
    Instant pointInTime;
    if (chosen.isPresent()) {
      source = SnapshotSource.CHOSEN;
      pointInTime = chosen.get().takenAt();
    } else if (server.replicationState().takesSnapshots()) {
      source = SnapshotSource.ON_DEMAND;
      pointInTime = now;
    } else {
      Optional<RecoverySnapshot> latest = server.snapshots().latest(now);
      source = latest.isPresent() ? SnapshotSource.PREVIOUS : SnapshotSource.NONE;
      pointInTime = latest.map(RecoverySnapshot::takenAt).orElse(null);
    }
    boolean injectedFault = account.faults().takeLaunchFault(server.id());
    boolean fails = injectedFault || source == SnapshotSource.NONE;
    return new Participant(
        server.id(),
        fails ? null : view.state().newRecoveryInstanceId(),
        fails,
        view.state().liveInstanceOf(server.id(), now).map(RecoveryInstance::id).orElse(null),
        source,
        pointInTime);
  }

  private static void cleanUpPrevious(RegionView view, Job job, Participant participant) {
    if (participant.cleanedUpInstanceId() != null) {
      view.state()
          .recoveryInstance(participant.cleanedUpInstanceId())
          .orElseThrow()
          .terminate(job.createdAt(), job.cleanupEndAt());
    }
  }

  /** The instance is registered now but exists only from the job's completion on. */
  private static void addLaunchedInstance(RegionView view, Job job, Participant participant) {
    String id = participant.recoveryInstanceId();
    if (id != null) {
      view.state()
          .addRecoveryInstance(
              new RecoveryInstance(
                  view.state().nextSequence(),
                  id,
                  view.state().arn("recovery-instance", id),
                  participant.sourceServerId(),
                  job.id(),
                  job.drill(),
                  job.completedAt(),
                  participant.pointInTime()));
    }
  }
}
