package io.drsorch.simulator.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.DrsAccount.RegionView;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.api.DrsError;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.api.RequestFields;
import io.drsorch.simulator.jobs.Job;
import io.drsorch.simulator.jobs.JobAdmission;
import io.drsorch.simulator.jobs.JobJson;
import io.drsorch.simulator.jobs.JobType;
import io.drsorch.simulator.jobs.Participant;
import io.drsorch.simulator.servers.SourceServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code TerminateRecoveryInstances}: one TERMINATE job, which takes a job slot and holds its
 * servers like a launch (see {@link JobAdmission}); each instance shuts down while the job is
 * STARTED and is terminated, and deleted from DRS, when it completes, its server's launch status in
 * the job then TERMINATED. An instance already deleted is not found; one being terminated is a
 * conflict.
 */
public final class TerminateRecoveryInstances implements Operation {

  @Override
  public String name() {
    return "TerminateRecoveryInstances";
  }

  @Override
  public ObjectNode handle(DrsAccount account, String region, JsonNode body) {
    List<String> ids =
        RequestFields.distinctStrings(
            body, "recoveryInstanceIDs", 1, 200, Ids.RECOVERY_INSTANCE_ID);
    Job job = account.inRegion(region, view -> terminate(account, view, ids));
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.set("job", JobJson.of(job, job.createdAt()));
    return response;
  }

  private static Job terminate(DrsAccount account, RegionView view, List<String> ids) {
    List<RecoveryInstance> instances = new ArrayList<>();
    List<SourceServer> servers = new ArrayList<>();
    for (String id : ids) {
      RecoveryInstance instance =
          view.state()
              .recoveryInstance(id)
              .filter(i -> i.isLiveAt(view.now()))
              .orElseThrow(
                  () ->
                      DrsError.resourceNotFound(
                          "Recovery instance " + id + " not found", id, "RECOVERY_INSTANCE"));
      if (instance.terminationRequested()) {
        throw DrsError.conflict(
            "Recovery instance " + id + " is already terminated or being terminated",
            id,
            "RECOVERY_INSTANCE");
      }
      instances.add(instance);
      servers.add(view.state().sourceServer(instance.sourceServerId()).orElseThrow());
    }
    JobAdmission.check(view, account.limits(), servers);
    List<Participant> participants =
        instances.stream().map(i -> Participant.terminating(i.sourceServerId(), i.id())).toList();
    Job job =
        JobAdmission.create(
            view,
            account.timing(),
            view.state().newJobId(),
            JobType.TERMINATE,
            false,
            Map.of(),
            participants);
    instances.forEach(instance -> instance.terminate(job.startedAt(), job.completedAt()));
    return job;
  }
}
