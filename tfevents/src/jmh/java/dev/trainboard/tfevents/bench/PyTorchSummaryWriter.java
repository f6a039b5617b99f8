package dev.trainboard.tfevents.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * PyTorch's {@code SummaryWriter.add_scalar} writing the same scalar events ({@code src/jmh/python/
 * summary_writer.py}), the writer the library replaces, measured on the same machine in the same run. It needs
 * the Python package {@code tensorboard}, which Debian does not package; without it the reason is printed as
 * a {@code BENCH-SKIP} line.
 */
final class PyTorchSummaryWriter {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/jmh/python/summary_writer.py");
    private static final String SKIP = "BENCH-SKIP\ttfevents\tPyTorch SummaryWriter.add_scalar\t";

    private PyTorchSummaryWriter() {
    }

    /** Scalar events per second through PyTorch's writer, or empty when it cannot run here. */
    static OptionalDouble addScalarsPerSecond() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON) || !Files.isRegularFile(SCRIPT)) {
            System.out.println(SKIP + "needs " + PYTHON + " and " + SCRIPT.toAbsolutePath());
            return OptionalDouble.empty();
        }
        Process process = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString()).redirectErrorStream(true).start();
        OptionalDouble rate = OptionalDouble.empty();
        String unavailable = null;
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                System.out.println("  PyTorch SummaryWriter: " + line);
                if (line.startsWith("events/s ")) {
                    rate = OptionalDouble.of(Double.parseDouble(line.substring("events/s ".length())));
                } else if (line.startsWith("unavailable: ")) {
                    unavailable = line.substring("unavailable: ".length());
                }
            }
        }
        int exit = process.waitFor();
        if (rate.isEmpty()) {
            System.out.println(SKIP + (unavailable != null ? unavailable : "the script failed (exit " + exit + ")"));
        }
        return rate;
    }
}
