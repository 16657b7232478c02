package io.drsorch.simulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.api.DrsError;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.api.Pagination;
import io.drsorch.simulator.api.RequestFields;

/** {@code DescribeJobLogItems}: what a job has logged so far, oldest first, paginated. */
public final class DescribeJobLogItems implements Operation {

  @Override
  public String name() {
    return "DescribeJobLogItems";
  }

  @Override
  public ObjectNode handle(DrsAccount account, String region, JsonNode body) {
    String jobId = RequestFields.requiredString(body, "jobID", Ids.JOB_ID);
    return account.inRegion(
        region,
        view -> {
          Job job =
              view.state()
                  .job(jobId)
                  .orElseThrow(
                      () -> DrsError.resourceNotFound("Job " + jobId + " not found", jobId, "JOB"));
          Pagination.Page<JobLogItems.Item> page =
              Pagination.page(
                  body,
                  JobLogItems.at(job, view.now()),
                  JobLogItems.Item::index,
                  false,
                  "log-" + jobId);
          ObjectNode response = JsonNodeFactory.instance.objectNode();
          ArrayNode items = response.putArray("items");
          page.items().forEach(item -> items.add(item.toJson()));
          page.writeTokenTo(response);
          return response;
        });
  }
}
