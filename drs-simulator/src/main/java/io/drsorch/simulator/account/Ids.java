package io.drsorch.simulator.account;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Identifier formats of DRS (from the service model) and generators for new ones. */
public final class Ids {

  public static final Pattern SOURCE_SERVER_ID = Pattern.compile("s-[0-9a-zA-Z]{17}");
  public static final Pattern JOB_ID = Pattern.compile("drsjob-[0-9a-zA-Z]{17}");
  public static final Pattern RECOVERY_INSTANCE_ID = Pattern.compile("i-[0-9a-fA-F]{8,17}");
  public static final Pattern RECOVERY_SNAPSHOT_ID = Pattern.compile("pit-[0-9a-zA-Z]{17}");

  private static final String ALPHANUMERIC =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String HEX = "0123456789abcdef";

  private Ids() {}

  public static String newJobId() {
    return "drsjob-" + random(ALPHANUMERIC, 17);
  }

  /** A recovery instance id is the id of its EC2 instance: {@code i-} and 17 hex digits. */
  public static String newRecoveryInstanceId() {
    return "i-" + random(HEX, 17);
  }

  /**
   * A recovery (point-in-time) snapshot id: {@code pit-} and 17 characters; DRS's are hex digits,
   * which the model's {@code pit-[0-9a-zA-Z]{17}} allows.
   */
  public static String newRecoverySnapshotId() {
    return "pit-" + random(HEX, 17);
  }

  /** The EBS snapshot a recovery snapshot is made of: {@code snap-} and 17 hex digits, as EC2's. */
  public static String newEbsSnapshotId() {
    return "snap-" + random(HEX, 17);
  }

  private static String random(String alphabet, int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
