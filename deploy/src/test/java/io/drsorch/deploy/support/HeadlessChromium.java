package io.drsorch.deploy.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as a real browser for pages the project writes: the DOM after the
 * page's scripts ran, what it logged to its console, and a screenshot. Started with the flags this
 * machine needs (no sandbox as root, no background networking on a closed network) and a fresh
 * profile each time.
 */
public final class HeadlessChromium {

  private final Path executable;
  private final Path workDir;

  private HeadlessChromium(Path executable, Path workDir) {
    this.executable = executable;
    this.workDir = workDir;
  }

  /** The browser if one is installed ({@code CHROMIUM} names another binary). */
  public static Optional<HeadlessChromium> find(Path workDir) {
    List<String> candidates = new ArrayList<>();
    String override = System.getenv("CHROMIUM");
    if (override != null && !override.isBlank()) {
      candidates.add(override);
    }
    candidates.addAll(
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
    return candidates.stream()
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst()
        .map(p -> new HeadlessChromium(p, workDir));
  }

  /**
   * @param dom the document after loading and running its scripts
   * @param console every message the page wrote to its console, uncaught errors included
   */
  public record Rendered(String dom, List<String> console) {}

  public Rendered render(Path page) throws IOException, InterruptedException {
    Path log = workDir.resolve("chromium-dump.log");
    Path dom = workDir.resolve("chromium-dom.html");
    run(log, dom, "--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());
    List<String> console =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream()
            .filter(line -> line.contains(":CONSOLE"))
            .toList();
    return new Rendered(Files.readString(dom, StandardCharsets.UTF_8), console);
  }

  public void screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    Path log = workDir.resolve("chromium-screenshot.log");
    run(
        log,
        null,
        "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(),
        page.toUri().toString());
  }

  private void run(Path log, Path stdout, String... args) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.redirectOutput(
        stdout == null
            ? ProcessBuilder.Redirect.DISCARD
            : ProcessBuilder.Redirect.to(stdout.toFile()));
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 90 s: " + command);
    }
  }
}
