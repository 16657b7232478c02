package io.drsorch.plans.plans;

import io.drsorch.avro.RecoveryPlan;
import io.drsorch.planmodel.records.PlanDrafts;
import io.drsorch.planmodel.validation.InvalidRequestException;
import io.drsorch.planmodel.validation.PlanDraft;
import io.drsorch.planmodel.validation.PlanValidator;
import io.drsorch.planmodel.validation.ValidationError;
import io.drsorch.plans.groups.ProtectionGroupStore;
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
 * Recovery plans: read from the materialised {@code drs.recovery-plans} view, written to the topic
 * after validation. Every write bumps the version and is answered once it is readable. Several
 * instances may serve one client (behind a load balancer): a write reads the topic up to its end
 * first, and so does a read that misses, so a plan stored through one instance is found, and
 * versioned on, through any other.
 */
@ApplicationScoped
public class PlanStore {

  private final KeyedLocks locks = new KeyedLocks();

  @Inject KafkaConnections kafka;
  @Inject ProtectionGroupStore groups;

  public List<RecoveryPlan> all() {
    kafka.requireCaughtUp(kafka.plans());
    List<RecoveryPlan> plans = new ArrayList<>(kafka.plans().values());
    plans.sort(Comparator.comparing(RecoveryPlan::getPlanId));
    return plans;
  }

  /** The plan, looked for again once the view has read its topic to the end when it is missing. */
  public Optional<RecoveryPlan> find(String planId) {
    kafka.requireCaughtUp(kafka.plans());
    Optional<RecoveryPlan> plan = kafka.plans().get(planId);
    if (plan.isPresent()) {
      return plan;
    }
    kafka.readLatest(kafka.plans());
    return kafka.plans().get(planId);
  }

  /** The validator with the protection groups as they are now (see {@link #find}). */
  public PlanValidator validator() {
    kafka.requireCaughtUp(kafka.groups());
    return new PlanValidator(groups.lookup());
  }

  /**
   * Creates or replaces a plan: version 1, then +1 per change.
   *
   * @throws InvalidRequestException listing every problem of an invalid plan
   */
  public RecoveryPlan put(String planId, PlanDraft draft) {
    return locks.withLock(
        planId,
        () -> {
          List<ValidationError> errors = validator().validate(draft);
          if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
          }
          // The version follows the latest one, whichever instance wrote it.
          kafka.readLatest(kafka.plans());
          long version = kafka.plans().get(planId).map(p -> p.getVersion() + 1).orElse(1L);
          RecoveryPlan plan = PlanDrafts.toRecord(planId, draft, version, Instant.now());
          kafka.publishVisibly(Topics.RECOVERY_PLANS, kafka.plans(), planId, plan);
          return plan;
        });
  }

  /**
   * Deletes a plan (tombstone). Executions already requested keep their frozen copy.
   *
   * @throws ApiException 404 when unknown
   */
  public void delete(String planId) {
    locks.withLock(
        planId,
        () -> {
          if (find(planId).isEmpty()) {
            throw ApiException.notFound("plan '" + planId + "' does not exist");
          }
          kafka.publishVisibly(Topics.RECOVERY_PLANS, kafka.plans(), planId, null);
          return null;
        });
  }
}
