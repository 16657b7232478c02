package io.drsorch.launcher;

import io.drsorch.schemas.runtime.Settings;
import java.time.Duration;

/**
 * The launcher's settings (system property, or the environment variable in upper snake case).
 *
 * @param bootstrapServers {@code kafka.bootstrap.servers}
 * @param registryUrl {@code schema.registry.url}, a Confluent-compatible registry
 * @param groupId consumer group of drs.wave-commands, {@code launcher.group.id} (drs-launcher)
 * @param transactionalId {@code launcher.transactional.id} (drs-launcher-1): unique per running
 *     instance and stable across its restarts, so a restarted instance fences its predecessor
 * @param maxServersPerCall {@code drs.max.servers.per.call} (100): DRS's guide says 100 servers per
 *     launch, its API model 200
 * @param dedupeWindow {@code launcher.dedupe.window} (PT6H): how far back to look for jobs an
 *     earlier try of the same request already started
 * @param concurrency {@code launcher.concurrency} (8): how many LaunchWave commands of one poll are
 *     launched at the same time (StartRecovery calls in flight), so that waves due together
 *     (dependents of one wave, roots of several executions) do not queue behind each other
 * @param httpHost {@code http.host} (127.0.0.1) of the health endpoint: loopback only unless set,
 *     e.g. to 0.0.0.0 where a probe or caller on another host must reach it
 * @param httpPort {@code http.port} (8083) of the health endpoint; 0 picks a free port
 */
public record LauncherConfig(
    String bootstrapServers,
    String registryUrl,
    String groupId,
    String transactionalId,
    int maxServersPerCall,
    Duration dedupeWindow,
    int concurrency,
    String httpHost,
    int httpPort) {

  public static LauncherConfig fromSettings() {
    return new LauncherConfig(
        Settings.get("kafka.bootstrap.servers", "127.0.0.1:9092"),
        Settings.get("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7"),
        Settings.get("launcher.group.id", "drs-launcher"),
        Settings.get("launcher.transactional.id", "drs-launcher-1"),
        Settings.getInt("drs.max.servers.per.call", 100),
        Settings.getDuration("launcher.dedupe.window", Duration.ofHours(6)),
        Settings.getInt("launcher.concurrency", 8),
        Settings.get("http.host", "127.0.0.1"),
        Settings.getInt("http.port", 8083));
  }
}
