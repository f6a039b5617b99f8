package dev.trainboard.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the deploy tests need (kubectl, docker-compose). A missing tool fails the test with
 * the install hint instead of skipping it, so CI cannot pass without having checked anything.
 */
record ExternalTool(String executable, String installHint) {

    static final ExternalTool KUBECTL = new ExternalTool("kubectl",
            "the kubectl package (it renders kustomize overlays offline with `kubectl kustomize`)");

    static final ExternalTool NODE = new ExternalTool("node", "Node.js (the nodejs package)");

    static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose",
            "Debian's docker-compose package: apt-get install --no-install-recommends docker-compose");

    /** What one run printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {

        boolean succeeded() {
            return exitCode == 0;
        }
    }

    Result run(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(locate().toString());
        command.addAll(List.of(arguments));
        try {
            Path stdout = Files.createTempFile(executable, ".out");
            Path stderr = Files.createTempFile(executable, ".err");
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within two minutes");
            }
            Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            Files.delete(stdout);
            Files.delete(stderr);
            return result;
        }
        catch (IOException ex) {
            throw new AssertionError("could not run " + String.join(" ", command), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + executable, ex);
        }
    }

    /** Runs the tool and fails, quoting its error output, unless it exits with 0. */
    String output(Path workingDirectory, String... arguments) {
        Result result = run(workingDirectory, arguments);
        if (!result.succeeded()) {
            throw new AssertionError(executable + " " + String.join(" ", arguments) + " exited with "
                    + result.exitCode() + ":\n" + result.stderr());
        }
        return result.stdout();
    }

    private Path locate() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(executable + " is not on the PATH; the deploy tests need it. Install "
                + installHint + ".");
    }
}
