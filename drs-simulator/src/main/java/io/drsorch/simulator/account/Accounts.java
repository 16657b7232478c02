package io.drsorch.simulator.account;

import io.drsorch.simulator.faults.Faults;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every simulated AWS account: the default one, which any credentials the simulator did not issue
 * reach (as a single-account simulator always did), and one per account that a caller assumed a
 * role in or that servers were registered in, created on first use and kept for the simulator's
 * lifetime. Timing, quotas and injected faults are shared by all of them (see {@link JobRules}).
 */
public final class Accounts {

  /** An AWS account id: 12 digits. */
  public static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  private final Clock clock;
  private final DrsAccount defaultAccount;
  private final JobRules rules;
  private final Faults faults;
  private final AccessKeyAccounts issuedKeys;
  private final Map<String, DrsAccount> accounts = new ConcurrentHashMap<>();

  public Accounts(
      Clock clock,
      String defaultAccountId,
      JobRules rules,
      Faults faults,
      AccessKeyAccounts issuedKeys) {
    this.clock = clock;
    this.rules = rules;
    this.faults = faults;
    this.issuedKeys = issuedKeys;
    this.defaultAccount = new DrsAccount(clock, defaultAccountId, rules, faults);
    accounts.put(defaultAccountId, defaultAccount);
  }

  public DrsAccount defaultAccount() {
    return defaultAccount;
  }

  /** The account with this id, created empty if it is new. */
  public DrsAccount account(String accountId) {
    if (!accounts.containsKey(accountId) && !ACCOUNT_ID.matcher(accountId).matches()) {
      throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits");
    }
    return accounts.computeIfAbsent(accountId, id -> new DrsAccount(clock, id, rules, faults));
  }

  /**
   * The account a request signed with {@code accessKeyId} works on: the role's account for a key
   * that AssumeRole issued, the default account for any other key or none.
   */
  public DrsAccount ofAccessKey(Optional<String> accessKeyId) {
    return accessKeyId.flatMap(issuedKeys::accountOf).map(this::account).orElse(defaultAccount);
  }

  /** The ids of the accounts known so far, the default one first, the others sorted. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    ids.add(defaultAccount.accountId());
    accounts.keySet().stream()
        .filter(id -> !id.equals(defaultAccount.accountId()))
        .sorted()
        .forEach(ids::add);
    return ids;
  }

  public JobRules rules() {
    return rules;
  }

  /**
   * Sets how often replicating servers take snapshots, in every account: each server that takes
   * them takes its next one a new interval from now (the ones due before now were taken at the old
   * one), and servers added later use it from the start. The interval already in force changes
   * nothing, so that a harness restating its configuration does not shift every schedule. One
   * change at a time, so that every account ends on the same interval.
   */
  public synchronized void setSnapshotInterval(Duration interval) {
    if (JobRules.requireInterval(interval).equals(rules.snapshotInterval())) {
      return;
    }
    rules.setSnapshotInterval(interval);
    for (DrsAccount account : accounts.values()) {
      account.rescheduleSnapshots(interval);
    }
  }

  public Faults faults() {
    return faults;
  }
}
