package dev.trainboard.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MKL vendor-check bypass, each case in a fresh JVM: whether MKL's calls bind to the bypass library
 * depends on what was loaded before libtorch, which a shared test JVM cannot control.
 */
class MklVendorCheckTests {

    @Test
    void mklAsksTheBypassLibraryWhenItIsLoadedBeforeLibtorch() throws Exception {
        String consultations = probe(true);

        assertThat(Long.parseLong(consultations)).isPositive();
    }

    @Test
    void nothingIsLoadedWhenTheBypassIsOff() throws Exception {
        assertThat(probe(false)).isEqualTo("absent");
    }

    @Test
    void theLibraryIsBuiltIntoTheClasspath() {
        assertThat(MklVendorCheck.class.getResource(BundledLibrary.resource(MklVendorCheck.LIBRARY))).isNotNull();
    }

    private static String probe(boolean bypass) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), MklVendorCheckProbe.class.getName(),
                Boolean.toString(bypass)))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("probe finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines()
                .filter(line -> line.startsWith("consultations="))
                .map(line -> line.substring("consultations=".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no consultations line in:\n" + output));
    }
}
