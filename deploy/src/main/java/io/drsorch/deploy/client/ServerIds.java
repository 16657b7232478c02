package io.drsorch.deploy.client;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Fresh DRS source server ids ({@code s-} + 17 alphanumerics), unique per run. */
public final class ServerIds {

  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ServerIds() {}

  public static List<String> fresh(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      StringBuilder id = new StringBuilder("s-");
      for (int j = 0; j < 17; j++) {
        id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      ids.add(id.toString());
    }
    return ids;
  }
}
