package io.drsorch.schemas.limits;

/**
 * The one definition of how large a plan, and so an execution request, may be. plan-service checks
 * plans against it before storing them, and the scheduler checks every request it reads from {@code
 * drs.execution-requests} against it before admitting it (requests may be produced straight to
 * Kafka, bypassing plan-service), so nothing the REST API would refuse can be admitted through the
 * topic.
 *
 * <p>The bounds are far above real plans (DRS's own recovery plans stop at 20 steps of 100 servers)
 * and keep one execution's state well under the broker's default record limit of 1 MB; the
 * scheduler's tests measure its state at these bounds.
 */
public final class PlanLimits {

  /** Waves in one plan. */
  public static final int MAX_WAVES = 200;

  /** Source servers in one plan, all waves together (also the most in one protection group). */
  public static final int MAX_SERVERS = 5000;

  /** Characters in a plan's, wave's or group's name. */
  public static final int MAX_NAME_LENGTH = 256;

  /** Characters in a plan's or group's description. */
  public static final int MAX_DESCRIPTION_LENGTH = 4096;

  /** Characters in an id (plan, wave, group, execution). */
  public static final int MAX_ID_LENGTH = 64;

  /**
   * Dependencies in one plan, all waves together: five per wave on average, and one wave may wait
   * for all the others (a web tier for every application wave). 200 waves each waiting for all
   * others make 39,800: a request over 1 MB, and a state larger than the broker takes. With this
   * bound and the others, an execution's state stays under 850 KB at its largest (the scheduler's
   * StateSizeTest measures it).
   */
  public static final int MAX_DEPENDENCIES = 1000;

  /**
   * Characters in a role ARN: {@code arn:<partition>:iam::<account>:role/} with IAM's longest path
   * (512) and name (64) fits. IAM's generic ARN bound of 2,048 on each of 200 waves would make the
   * scheduler's state larger than the broker takes.
   */
  public static final int MAX_ROLE_ARN_LENGTH = 640;

  /** Characters in who requested an execution. */
  public static final int MAX_REQUESTED_BY_LENGTH = 256;

  /** A wave's own timeout, and a plan's default wave timeout: 1 minute to a day. */
  public static final int MIN_TIMEOUT_MINUTES = 1;

  public static final int MAX_TIMEOUT_MINUTES = 1440;

  /** A whole execution may run for up to a week. */
  public static final int MAX_EXECUTION_TIMEOUT_MINUTES = 10080;

  /**
   * Errors listed in one answer: a hostile plan can have tens of thousands, and listing them all
   * makes the answer larger than the plan. The rest are counted, not listed.
   */
  public static final int MAX_ERRORS = 100;

  /** Dependency cycles named in one answer; the search stops after this many. */
  public static final int MAX_CYCLES_REPORTED = 3;

  /** Characters of one error message; longer ones (echoing user input) are cut. */
  public static final int MAX_ERROR_MESSAGE_LENGTH = 300;

  private PlanLimits() {}
}
