package io.drsorch.plans.groups;

import io.drsorch.avro.ProtectionGroup;
import io.drsorch.avro.RecoveryPlan;
import io.drsorch.planmodel.records.GroupDrafts;
import io.drsorch.planmodel.records.PlanDrafts;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.PlanValidator;
import io.drsorch.planmodel.validation.ProtectionGroupDraft;
import io.drsorch.planmodel.validation.ProtectionGroupValidator;
import io.drsorch.planmodel.validation.ProtectionGroups;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.plans.http.ApiException;
import io.drsorch.plans.kafka.KafkaConnections;
import io.drsorch.plans.kafka.KeyedLocks;
import io.drsorch.schemas.topics.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Protection groups: read from the materialised {@code drs.protection-groups} view, written to the
 * topic. A group that plans use can be neither deleted nor changed in a way that breaks them.
 */
@ApplicationScoped
public class ProtectionGroupStore {

  /** How many plans a 409 names. */
  private static final int PLANS_NAMED = 10;

  private final KeyedLocks locks = new KeyedLocks();

  @Inject KafkaConnections kafka;

  public List<ProtectionGroup> all() {
    kafka.requireCaughtUp(kafka.groups());
    List<ProtectionGroup> groups = new ArrayList<>(kafka.groups().values());
    groups.sort(Comparator.comparing(ProtectionGroup::getGroupId));
    return groups;
  }

  /**
   * The group, looked for again once the view has read its topic to the end when it is missing: a
   * group stored through another instance of the service is found here too.
   */
  public Optional<ProtectionGroup> find(String groupId) {
    kafka.requireCaughtUp(kafka.groups());
    Optional<ProtectionGroup> group = kafka.groups().get(groupId);
    if (group.isPresent()) {
      return group;
    }
    kafka.readLatest(kafka.groups());
    return kafka.groups().get(groupId);
  }

  /** The groups as plan validation sees them (a missing one looked for as {@link #find} does). */
  public ProtectionGroups lookup() {
    return id -> id == null ? Optional.empty() : find(id).map(GroupDrafts::ref);
  }

  /**
   * Creates or replaces a group (version 1, then +1 per change) and answers once the change is
   * readable.
   *
   * @throws InvalidRequestException when the group is invalid
   * @throws ApiException 409 when a plan using the group would become invalid
   */
  public ProtectionGroup put(String groupId, ProtectionGroupDraft draft) {
    List<ValidationError> errors = new ProtectionGroupValidator().validate(draft);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return locks.withLock(
        groupId,
        () -> {
          // The latest version, and every plan that may use the group, whichever instance wrote
          // them.
          kafka.readLatest(kafka.groups());
          kafka.readLatest(kafka.plans());
          long version = kafka.groups().get(groupId).map(g -> g.getVersion() + 1).orElse(1L);
          ProtectionGroup group = GroupDrafts.toRecord(groupId, draft, version, Instant.now());
          requireUsersStayValid(group);
          kafka.publishVisibly(Topics.PROTECTION_GROUPS, kafka.groups(), groupId, group);
          return group;
        });
  }

  private void requireUsersStayValid(ProtectionGroup changed) {
    ProtectionGroups lookup =
        id ->
            changed.getGroupId().equals(id)
                ? Optional.of(GroupDrafts.ref(changed))
                : lookup().find(id);
    PlanValidator validator = new PlanValidator(lookup);
    List<String> broken = new ArrayList<>();
    for (RecoveryPlan plan : plansUsing(changed.getGroupId())) {
      List<ValidationError> errors = validator.validate(PlanDrafts.of(plan));
      if (!errors.isEmpty()) {
        broken.add(
            plan.getPlanId() + " (" + errors.get(0).path() + ": " + errors.get(0).message() + ")");
      }
    }
    if (!broken.isEmpty()) {
      throw ApiException.conflict(
          "protection group '"
              + changed.getGroupId()
              + "' is used by plans that this change would break: "
              + named(broken));
    }
  }

  /**
   * Deletes a group (tombstone) unless a plan uses it.
   *
   * @throws ApiException 404 when unknown, 409 naming the plans that use it
   */
  public void delete(String groupId) {
    locks.withLock(
        groupId,
        () -> {
          if (find(groupId).isEmpty()) {
            throw ApiException.notFound("protection group '" + groupId + "' does not exist");
          }
          // Every plan that may use it, whichever instance stored them.
          kafka.readLatest(kafka.plans());
          List<String> users =
              plansUsing(groupId).stream().map(RecoveryPlan::getPlanId).sorted().toList();
          if (!users.isEmpty()) {
            throw ApiException.conflict(
                "protection group '"
                    + groupId
                    + "' is used by plans "
                    + named(users)
                    + "; change or delete them first");
          }
          kafka.publishVisibly(Topics.PROTECTION_GROUPS, kafka.groups(), groupId, null);
          return null;
        });
  }

  /**
   * The first {@link #PLANS_NAMED} of {@code plans}, the rest counted: a group may be used by
   * thousands of plans, and the answer must stay short.
   */
  private static String named(List<String> plans) {
    String first = String.join(", ", plans.subList(0, Math.min(plans.size(), PLANS_NAMED)));
    return plans.size() <= PLANS_NAMED
        ? first
        : first + " and " + (plans.size() - PLANS_NAMED) + " more";
  }

  private List<RecoveryPlan> plansUsing(String groupId) {
    return kafka.plans().values().stream()
        .filter(
            plan ->
                plan.getWaves().stream().anyMatch(w -> groupId.equals(w.getProtectionGroupId())))
        .toList();
  }
}
