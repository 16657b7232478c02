package io.drsorch.scheduler.admission;

import io.drsorch.avro.ExecutionRequested;
import io.drsorch.avro.ExecutionWave;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an execution request before it is admitted. plan-service validates plans, but users and
 * scripts may produce requests straight to Kafka: a bad one must be rejected with its reasons,
 * never crash the scheduler. Each error names the field path, e.g. {@code waves[1].dependsOn[0]}.
 */
public final class RequestValidator {

  private static final Pattern SERVER_ID = Pattern.compile("s-[0-9a-zA-Z]{17}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

  /** IAM role ARNs; group 1 is the account (the launcher would otherwise fail at STS). */
  private static final Pattern ROLE_ARN =
      Pattern.compile(
          "arn:aws(?:-[a-z]+)*:iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

  private RequestValidator() {}

  /** The problems of a request; empty when it may run. */
  public static List<String> errors(String key, ExecutionRequested request) {
    List<String> errors = new ArrayList<>();
    if (blank(request.getExecutionId())) {
      errors.add("executionId: must not be empty");
    }
    if (blank(request.getPlanId())) {
      errors.add("planId: must not be empty");
    } else if (!request.getPlanId().equals(key)) {
      errors.add("planId: the record key (" + key + ") must be the planId");
    }
    List<ExecutionWave> waves = request.getWaves();
    if (waves.isEmpty()) {
      errors.add("waves: a plan needs at least one wave");
      return errors;
    }
    Map<String, Integer> index = new HashMap<>();
    Map<String, String> serverOwner = new HashMap<>();
    for (int i = 0; i < waves.size(); i++) {
      ExecutionWave wave = waves.get(i);
      String path = "waves[" + i + "]";
      if (blank(wave.getWaveId())) {
        errors.add(path + ".waveId: must not be empty");
      } else if (index.putIfAbsent(wave.getWaveId(), i) != null) {
        errors.add(path + ".waveId: duplicate wave id " + wave.getWaveId());
      }
      if (!REGION.matcher(wave.getRegion()).matches()) {
        errors.add(path + ".region: not an AWS region: " + wave.getRegion());
      }
      checkAccount(errors, path, wave);
      checkServers(errors, path, wave, serverOwner);
    }
    for (int i = 0; i < waves.size(); i++) {
      List<String> deps = waves.get(i).getDependsOn();
      for (int j = 0; j < deps.size(); j++) {
        String dep = deps.get(j);
        String path = "waves[" + i + "].dependsOn[" + j + "]";
        if (dep.equals(waves.get(i).getWaveId())) {
          errors.add(path + ": wave " + dep + " depends on itself");
        } else if (!index.containsKey(dep)) {
          errors.add(path + ": unknown wave " + dep);
        }
      }
    }
    if (errors.isEmpty()) {
      cycle(waves).ifPresent(c -> errors.add("waves: dependency cycle " + c));
    }
    return errors;
  }

  private static void checkAccount(List<String> errors, String path, ExecutionWave wave) {
    String account = wave.getAccountId();
    if (account != null && !ACCOUNT_ID.matcher(account).matches()) {
      errors.add(path + ".accountId: not an AWS account id (12 digits): " + account);
    }
    String role = wave.getRoleArn();
    if (role == null) {
      return;
    }
    var matcher = ROLE_ARN.matcher(role);
    if (role.length() > 2048 || !matcher.matches()) {
      errors.add(path + ".roleArn: not an IAM role ARN: " + role);
    } else if (account == null) {
      errors.add(
          path
              + ".accountId: must be given with roleArn (the role's account, "
              + matcher.group(1)
              + ")");
    } else if (!matcher.group(1).equals(account)) {
      errors.add(
          path
              + ".roleArn: role of account "
              + matcher.group(1)
              + ", not of the wave's account "
              + account);
    }
  }

  private static void checkServers(
      List<String> errors, String path, ExecutionWave wave, Map<String, String> serverOwner) {
    List<String> servers = wave.getSourceServerIds();
    if (servers.isEmpty()) {
      errors.add(path + ".sourceServerIds: a wave needs at least one server");
    }
    for (int j = 0; j < servers.size(); j++) {
      String server = servers.get(j);
      String serverPath = path + ".sourceServerIds[" + j + "]";
      if (!SERVER_ID.matcher(server).matches()) {
        errors.add(
            serverPath + ": not a source server id (s- and 17 letters or digits): " + server);
      }
      String owner = serverOwner.putIfAbsent(server, wave.getWaveId());
      if (owner != null) {
        errors.add(serverPath + ": server " + server + " is also in wave " + owner);
      }
    }
  }

  /** A dependency cycle written as {@code db -> app -> db}, if there is one. */
  static java.util.Optional<String> cycle(List<ExecutionWave> waves) {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    waves.forEach(w -> edges.put(w.getWaveId(), w.getDependsOn()));
    Set<String> done = new HashSet<>();
    for (String start : edges.keySet()) {
      List<String> path = new ArrayList<>();
      String found = visit(start, edges, done, path);
      if (found != null) {
        return java.util.Optional.of(found);
      }
    }
    return java.util.Optional.empty();
  }

  private static String visit(
      String wave, Map<String, List<String>> edges, Set<String> done, List<String> path) {
    int at = path.indexOf(wave);
    if (at >= 0) {
      List<String> loop = new ArrayList<>(path.subList(at, path.size()));
      loop.add(wave);
      return String.join(" -> ", loop);
    }
    if (done.contains(wave)) {
      return null;
    }
    path.add(wave);
    for (String dep : edges.getOrDefault(wave, List.of())) {
      String found = visit(dep, edges, done, path);
      if (found != null) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    done.add(wave);
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
