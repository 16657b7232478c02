package io.drsorch.deploy.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.drsorch.deploy.support.SimulatorJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.drs.model.Job;

/**
 * What the simulator's record of started SSM automations must show for the chaos run's waves with
 * an after action, whatever crashed meanwhile: never two automations for one wave of one execution
 * (a launcher killed between StartAutomationExecution and its commit reads the command again and
 * must get the same automation back); for a wave that completed, exactly one, ended Success, and
 * every dependent launched only after it ended; for a wave that failed or was skipped, none.
 */
final class ActionFindings {

  private ActionFindings() {}

  static List<String> of(Runs runs, GroundTruth truth, List<JsonNode> automations) {
    Map<String, List<JsonNode>> byWave = new LinkedHashMap<>();
    for (JsonNode a : automations) {
      String key =
          a.path("parameters").path("Execution").path(0).asText()
              + " wave "
              + a.path("parameters").path("Wave").path(0).asText();
      byWave.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
    }
    List<String> found = new ArrayList<>();
    byWave.forEach(
        (key, started) -> {
          if (started.size() > 1) {
            found.add(key + " started " + started.size() + " automations: " + ids(started));
          }
        });
    for (Runs.Run run : runs.acknowledged()) {
      Map<String, String> expected = run.dag().expectedWaveStatus();
      for (String wave : run.dag().withAction()) {
        String key = run.executionId() + " wave " + wave;
        List<JsonNode> started = byWave.getOrDefault(key, List.of());
        if (!expected.get(wave).equals("COMPLETED")) {
          if (!started.isEmpty()) {
            found.add(key + " is " + expected.get(wave) + " but ran an automation");
          }
          continue;
        }
        if (started.size() != 1) {
          continue; // none is a finding below; several are reported above
        }
        JsonNode automation = started.get(0);
        if (!automation.path("status").asText().equals("Success")) {
          found.add(key + " automation " + automation.path("status").asText());
          continue;
        }
        Instant ended = Instant.parse(automation.path("endedAt").asText());
        for (Map.Entry<String, List<String>> dependent : run.dag().deps().entrySet()) {
          if (!dependent.getValue().contains(wave)) {
            continue;
          }
          for (Job job : truth.jobsOf(run.executionId(), dependent.getKey())) {
            if (SimulatorJobs.created(job).isBefore(ended)) {
              found.add(
                  key
                      + ": dependent "
                      + dependent.getKey()
                      + " launched at "
                      + SimulatorJobs.created(job)
                      + ", before the automation ended at "
                      + ended);
            }
          }
        }
      }
      for (String wave : run.dag().withAction()) {
        String key = run.executionId() + " wave " + wave;
        if (expected.get(wave).equals("COMPLETED") && !byWave.containsKey(key)) {
          found.add(key + " completed without its automation");
        }
      }
    }
    return found;
  }

  private static List<String> ids(List<JsonNode> automations) {
    return automations.stream().map(a -> a.path("id").asText()).toList();
  }
}
