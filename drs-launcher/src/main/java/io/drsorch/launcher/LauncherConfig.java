package io.drsorch.launcher;

import io.drsorch.schemas.runtime.KafkaClientSettings;

/**
 * What the launcher's loop needs to run; built from the service's settings by {@code
 * runtime/LauncherRuntime} (see {@code application.properties} for each setting and its default).
 *
 * @param kafka the Kafka client settings (address, security) every client starts from
 * @param registryUrl a Confluent-compatible schema registry
 * @param groupId consumer group of drs.wave-commands
 * @param transactionalId unique per running instance and stable across its restarts, so a restarted
 *     instance fences its predecessor
 * @param maxServersPerCall servers per StartRecovery call
 * @param concurrency how many LaunchWave commands of one poll are launched at the same time
 */
public record LauncherConfig(
    KafkaClientSettings kafka,
    String registryUrl,
    String groupId,
    String transactionalId,
    int maxServersPerCall,
    int concurrency) {}
