package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the warm-up program the CPU trainer image compiles into its build stage, with the real PyTorch engine,
 * the way the Dockerfile runs it; then starts the engine again on that cache, as a container would.
 */
class DjlCacheWarmUpIntegrationTests {

    /** The program trainer-service/Dockerfile copies into its build stage and runs there. */
    static final String WARM_UP_SOURCE = "trainer-service/src/docker/DjlWarmUp.java";

    @Test
    void warmUpFillsTheCacheAndALaterStartExtractsNothing(@TempDir Path directory) throws Exception {
        Path source = Repository.path(WARM_UP_SOURCE);
        Path cache = directory.resolve("djl-cache");

        assertThat(runWarmUp(source, cache)).contains("PyTorch " + Repository.parentPomProperty("pytorch.native.version"));
        Map<String, String> baked = snapshot(cache);
        assertThat(baked.keySet()).as("files in the baked cache")
                .anyMatch(file -> file.endsWith("libtorch_cpu.so"))
                .anyMatch(file -> file.endsWith("-libdjl_torch.so"));

        assertThat(runWarmUp(source, cache)).contains("cached");
        assertThat(snapshot(cache)).as("the cache after a second start").isEqualTo(baked);
    }

    /** Runs the program with the source launcher and the test class path, as `java DjlWarmUp.java` in the image. */
    private static String runWarmUp(Path source, Path cache) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = Files.createTempFile(cache.getParent(), "warm-up", ".log");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("DJL_CACHE_DIR", cache.toString());
        builder.environment().put("DJL_OFFLINE", "true");
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("warm-up finished").isTrue();
        String log = Files.readString(output);
        assertThat(process.exitValue()).as("warm-up exit code; output:%n%s", log).isZero();
        return log;
    }

    /** Every file of the cache with its size and modification time, so any rewrite shows. */
    private static Map<String, String> snapshot(Path cache) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(cache)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(cache.relativize(path).toString(),
                        Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis());
            }
        }
        return files;
    }
}
