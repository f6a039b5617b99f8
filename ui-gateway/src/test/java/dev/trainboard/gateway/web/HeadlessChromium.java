package dev.trainboard.gateway.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Debian's {@code chromium} headless against a page, once per call, with a fresh profile. Scripts get a
 * virtual-time budget: Chromium lets timers and pending fetches run until that much page time has passed, then
 * dumps the DOM or takes the screenshot, so no test has to guess how long to sleep.
 */
final class HeadlessChromium {

    private static final String BINARY = "chromium";
    private static final int VIRTUAL_TIME_BUDGET_MILLIS = 30_000;
    private static final long TIMEOUT_SECONDS = 90;

    private final Path executable;
    private final Path workDir;

    private HeadlessChromium(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** Finds chromium on the PATH, or fails the test saying how to install it. */
    static HeadlessChromium onPath(Path workDir) {
        Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, BINARY))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (found == null) {
            fail("The web page test needs headless Chromium, and no '%s' is on the PATH. Install Debian's package: "
                    + "apt-get install -y --no-install-recommends chromium", BINARY);
        }
        return new HeadlessChromium(found, workDir);
    }

    /** What a page showed: its DOM after the scripts ran, serialised as HTML, and a PNG of its viewport. */
    record Rendering(String dom, Path screenshot) {
    }

    /** Loads {@code url} in a {@code width} x {@code height} window; one Chromium run gives both views. */
    Rendering load(String url, int width, int height) throws IOException, InterruptedException {
        String name = "page-" + System.nanoTime();
        Path dom = workDir.resolve(name + ".html");
        Path png = workDir.resolve(name + ".png");
        run(List.of("--window-size=" + width + "," + height, "--hide-scrollbars", "--screenshot=" + png,
                "--dump-dom", url), dom);
        return new Rendering(Files.readString(dom, StandardCharsets.UTF_8), png);
    }

    private void run(List<String> arguments, Path stdout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "profile-");
        Path log = workDir.resolve("chromium-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MILLIS));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(log.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("Chromium did not finish within %d s; its log: %s", TIMEOUT_SECONDS, log);
            }
            if (process.exitValue() != 0) {
                fail("Chromium exited with %d: %s", process.exitValue(), Files.readString(log));
            }
        }
        finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
