package dev.trainboard.trainer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * Runs the tutorial's PyTorch loop ({@code src/bench/python/tutorial_mnist.py}) with Debian's
 * {@code python3-torch} and {@code python3-torchvision}, so the "times the tutorial" ratio comes from the
 * same machine in the same run rather than from a figure measured elsewhere.
 */
final class TutorialBaseline {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/bench/python/tutorial_mnist.py");

    private TutorialBaseline() {
    }

    /** The tutorial's training images per second, or empty (with the reason printed) when it cannot run. */
    static OptionalDouble imagesPerSecond(Path dataDir) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON) || !Files.isRegularFile(SCRIPT)) {
            System.out.println("  tutorial baseline skipped: needs " + PYTHON + " and " + SCRIPT.toAbsolutePath());
            return OptionalDouble.empty();
        }
        Process process = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), dataDir.toString())
                .redirectErrorStream(true).start();
        OptionalDouble rate = OptionalDouble.empty();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("images/s ")) {
                    rate = OptionalDouble.of(Double.parseDouble(line.substring("images/s ".length())));
                } else if (!line.startsWith("step ")) {
                    System.out.println("  tutorial: " + line);
                }
            }
        }
        if (process.waitFor() != 0 || rate.isEmpty()) {
            System.out.println("  tutorial baseline failed (exit " + process.exitValue()
                    + "); apt-get install python3-torch python3-torchvision");
            return OptionalDouble.empty();
        }
        return rate;
    }
}
