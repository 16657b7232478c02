package io.drsorch.deploy.chaos;

import io.drsorch.launcher.LauncherMain;
import io.drsorch.launcher.launch.WaveLauncher;
import java.util.TreeMap;

/**
 * The drs-launcher with its dedupe made blind: it never finds the jobs a wave already has, so a
 * command read again after a crash, or retried after a lost answer, launches its servers again. The
 * chaos test runs it in place of the real launcher when asked ({@code
 * -Dchaos.defect=blind-launcher}) to show that its duplicate checks catch what it claims to.
 */
public final class BlindLauncher {

  private BlindLauncher() {}

  public static void main(String[] args) throws InterruptedException {
    LauncherMain.run(
        (config, clients) ->
            new WaveLauncher(
                clients, config.maxServersPerCall(), (drs, command) -> new TreeMap<>()));
  }
}
