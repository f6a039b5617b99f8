package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Dockerfile of the repository through the Dockerfile language server's validator (npm package
 * dockerfile-utils, installed by `npm ci` in deploy-tests/src/test/node), which knows each instruction's flags.
 */
class DockerfileSyntaxTests {

    private static final List<String> DOCKERFILES = List.of("metrics-service/Dockerfile", "ui-gateway/Dockerfile",
            "trainer-service/Dockerfile", "trainer-service/Dockerfile.gpu", "docker/tensorboard/Dockerfile",
            "platform/compose/kafka/Dockerfile");

    private static final Path LINTER = Repository.path("deploy-tests/src/test/node");

    @Test
    void everyDockerfileIsValid() {
        ExternalTool.Result result = lint(Repository.root(), DOCKERFILES.toArray(String[]::new));

        assertThat(result.exitCode()).as("problems found:%n%s%s", result.stdout(), result.stderr()).isZero();
    }

    @Test
    void theValidatorReportsAMisspeltFlagAndInstruction(@TempDir Path directory) throws IOException {
        Path broken = directory.resolve("Dockerfile");
        Files.writeString(broken, """
                FROM eclipse-temurin:17.0.16_8-jre-noble AS build
                COPY --fromm=build /layers/ ./
                USR 10001
                """);

        ExternalTool.Result result = lint(directory, broken.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).contains("Dockerfile:2: Unknown flag: fromm", "Dockerfile:3: Unknown instruction: USR");
    }

    private static ExternalTool.Result lint(Path workingDirectory, String... files) {
        if (!Files.isDirectory(LINTER.resolve("node_modules/dockerfile-utils"))) {
            throw new AssertionError("the Dockerfile validator is not installed: run `npm ci` in " + LINTER
                    + " (CI does this before the build)");
        }
        List<String> arguments = new ArrayList<>();
        arguments.add(LINTER.resolve("lint-dockerfiles.js").toString());
        arguments.addAll(List.of(files));
        return ExternalTool.NODE.run(workingDirectory, arguments.toArray(String[]::new));
    }
}
