package dev.trainboard.trainer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the tutorial's PyTorch loop ({@code src/bench/python/tutorial_mnist.py}) with Debian's
 * {@code python3-torch} and {@code python3-torchvision}, so the "times the tutorial" ratio comes from the
 * same machine in the same run rather than from a figure measured elsewhere.
 */
final class TutorialBaseline {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/bench/python/tutorial_mnist.py");
    private static final String SKIP = "BENCH-SKIP\ttrain\ttutorial's PyTorch loop\t";

    /** What one run of the tutorial's loop gave: training images per second and the test accuracy (0..1). */
    record Result(double imagesPerSecond, double testAccuracy) {
    }

    private TutorialBaseline() {
    }

    /** One run of the tutorial's loop, or empty (with the reason as a {@code BENCH-SKIP} line) when it cannot run. */
    static Optional<Result> run(Path dataDir) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON) || !Files.isRegularFile(SCRIPT)) {
            System.out.println(SKIP + "needs " + PYTHON + " and " + SCRIPT.toAbsolutePath());
            return Optional.empty();
        }
        Process process = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), dataDir.toString())
                .redirectErrorStream(true).start();
        Double rate = null;
        Double accuracy = null;
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("images/s ")) {
                    rate = Double.parseDouble(line.substring("images/s ".length()));
                } else if (line.startsWith("test accuracy ")) {
                    accuracy = Double.parseDouble(line.substring("test accuracy ".length()));
                }
                if (!line.startsWith("step ")) {
                    System.out.println("  tutorial: " + line);
                }
            }
        }
        if (process.waitFor() != 0 || rate == null || accuracy == null) {
            System.out.println(SKIP + "the script failed (exit " + process.exitValue()
                    + "); apt-get install python3-torch python3-torchvision");
            return Optional.empty();
        }
        return Optional.of(new Result(rate, accuracy));
    }
}
