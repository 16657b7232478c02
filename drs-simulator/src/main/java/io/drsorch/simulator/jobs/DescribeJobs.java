package io.drsorch.simulator.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drsorch.simulator.account.DrsAccount;
import io.drsorch.simulator.account.Ids;
import io.drsorch.simulator.account.RegionState;
import io.drsorch.simulator.api.Operation;
import io.drsorch.simulator.api.Pagination;
import io.drsorch.simulator.api.RequestFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code DescribeJobs}: jobs of the region, newest first, filtered by ids (up to 1000 in one call,
 * none meaning all) and by creation date, paginated.
 */
public final class DescribeJobs implements Operation {

  @Override
  public String name() {
    return "DescribeJobs";
  }

  @Override
  public ObjectNode handle(DrsAccount account, String region, JsonNode body) {
    JsonNode filters = RequestFields.structure(body, "filters");
    Set<String> jobIds =
        new HashSet<>(
            RequestFields.strings(filters, "jobIDs", "filters.jobIDs", 0, 1000, Ids.JOB_ID, false));
    Optional<Instant> from = RequestFields.dateTime(filters, "fromDate", "filters.fromDate");
    Optional<Instant> to = RequestFields.dateTime(filters, "toDate", "filters.toDate");
    return account.inRegion(
        region,
        view -> {
          List<Job> newestFirst = new ArrayList<>();
          for (Job job : candidatesNewestFirst(view.state(), jobIds)) {
            if (from.map(date -> !job.createdAt().isBefore(date)).orElse(true)
                && to.map(date -> !job.createdAt().isAfter(date)).orElse(true)) {
              newestFirst.add(job);
            }
          }
          Pagination.Page<Job> page =
              Pagination.page(body, newestFirst, Job::sequence, true, "jobs");
          ObjectNode response = JsonNodeFactory.instance.objectNode();
          ArrayNode items = response.putArray("items");
          page.items().forEach(job -> items.add(JobJson.of(job, view.now())));
          page.writeTokenTo(response);
          return response;
        });
  }

  /**
   * The jobs a filter by id can match, newest first: looked up by id when the filter names them (a
   * watcher's poll names its own jobs, whatever the account's history), else all of them.
   */
  private static List<Job> candidatesNewestFirst(RegionState state, Set<String> jobIds) {
    List<Job> newestFirst = new ArrayList<>();
    if (jobIds.isEmpty()) {
      List<Job> oldestFirst = state.jobs();
      for (int i = oldestFirst.size() - 1; i >= 0; i--) {
        newestFirst.add(oldestFirst.get(i));
      }
      return newestFirst;
    }
    for (String id : jobIds) {
      state.job(id).ifPresent(newestFirst::add);
    }
    newestFirst.sort(Comparator.comparingLong(Job::sequence).reversed());
    return newestFirst;
  }
}
