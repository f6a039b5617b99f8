package dev.trainboard.metrics.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunDirectoriesTests {

    // The log dir sits two levels down in the test's own directory, so every name that escapes it by a level or
    // two still lands inside that directory, and the check below never looks at the machine's shared /tmp.
    @TempDir
    Path sandbox;

    private Path root;

    @BeforeEach
    void createRoot() throws IOException {
        root = Files.createDirectories(sandbox.resolve("a").resolve("b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "", "..", ".", ".hidden", "/etc", "a\\b", "x/../../y", " a", "a b"})
    void namesThatAreNotPlainDirectoryNamesAreRejected(String name) throws IOException {
        RunDirectories directories = directories();

        assertThatThrownBy(() -> directories.resolve(name)).isInstanceOf(InvalidRunNameException.class)
                .hasMessageContaining("Run name");
        try (Stream<Path> files = Files.walk(sandbox)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("x")
                    || p.getFileName().toString().equals("y"))).isEmpty();
        }
    }

    @Test
    void aHugeNameIsRejectedWithAShortMessage() {
        assertThatThrownBy(() -> directories().resolve("x".repeat(10_000)))
                .isInstanceOf(InvalidRunNameException.class)
                .hasMessageContaining("10000 chars")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> directories().resolve(null)).isInstanceOf(InvalidRunNameException.class);
    }

    @Test
    void aValidNameIsADirectChildOfTheLogDir() {
        Path dir = directories().resolve("lr-0.01");

        assertThat(dir.getParent()).isEqualTo(root.resolve("runs").toAbsolutePath().normalize());
        assertThat(dir.getFileName()).hasToString("lr-0.01");
    }

    private RunDirectories directories() {
        return new RunDirectories(new TensorBoardProperties(root.resolve("runs"), Duration.ofMinutes(1)));
    }
}
