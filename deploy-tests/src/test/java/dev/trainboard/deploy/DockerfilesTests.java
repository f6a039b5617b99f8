package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.deploy.Dockerfile.Instruction;
import dev.trainboard.deploy.Dockerfile.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The service images: multi-stage Maven builds, pinned bases, a non-root user, container-aware JVM flags. */
class DockerfilesTests {

    /** The trainer's allocator: jemalloc, and glibc's settings should the preload fail (trainer-service/Dockerfile). */
    private static final Set<String> ALLOCATOR_VARIABLES = Set.of("LD_PRELOAD", "MALLOC_MMAP_THRESHOLD_",
            "MALLOC_TRIM_THRESHOLD_");
    private static final String JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    /** Variables an image may set besides the service's own: JVM, DJL, PyTorch, allocator and NVIDIA settings. */
    private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JAVA_HOME", "PATH", "LANG",
            "DJL_CACHE_DIR", "DJL_OFFLINE", "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
            "LD_PRELOAD", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "NVIDIA_VISIBLE_DEVICES",
            "NVIDIA_DRIVER_CAPABILITIES");

    static List<Arguments> serviceImages() {
        return List.of(Arguments.of("metrics-service/Dockerfile", "metrics-service", "8081"),
                Arguments.of("ui-gateway/Dockerfile", "ui-gateway", "8080"),
                Arguments.of("trainer-service/Dockerfile", "trainer-service", "8082"),
                Arguments.of("trainer-service/Dockerfile.gpu", "trainer-service", "8082"));
    }

    @Test
    void portsAreTheOnesTheArchitectureDocuments() {
        assertThat(Repository.read("docs/architecture.md"))
                .contains("8080 gateway, 8081 metrics-service, 8082 trainer");
    }

    /**
     * A syntax directive makes BuildKit pull its frontend image, which fails where no registry is reachable, and
     * the frontend built into Docker 20.10 reads no heredocs. Without either, one Dockerfile builds online and
     * offline, on Docker 20.10 with BuildKit as on later engines.
     */
    @ParameterizedTest
    @ValueSource(strings = {"metrics-service/Dockerfile", "ui-gateway/Dockerfile", "trainer-service/Dockerfile",
            "trainer-service/Dockerfile.gpu", "docker/tensorboard/Dockerfile", "platform/compose/kafka/Dockerfile"})
    void buildsWithTheFrontendBuiltIntoTheEngine(String path) {
        Dockerfile dockerfile = Dockerfile.read(path);
        assertThat(dockerfile.syntax()).as("syntax directive of %s", path).isNull();
        assertThat(dockerfile.stages()).flatExtracting(Stage::instructions).as("instructions of %s", path)
                .allSatisfy(instruction -> assertThat(instruction.heredoc()).as(instruction.keyword()).isNull());
    }

    @ParameterizedTest
    @MethodSource("serviceImages")
    void everyBaseImageIsPinnedWithoutARegistryHost(String path, String module, String port) {
        Dockerfile dockerfile = Dockerfile.read(path);
        List<String> stageNames = dockerfile.stages().stream().map(Stage::name).toList();
        for (Stage stage : dockerfile.stages()) {
            if (!stageNames.contains(stage.baseImage())) {
                ImageReference base = new ImageReference(stage.baseImage());
                assertThat(base.isPinned()).as("base %s in %s is pinned", base, path).isTrue();
                assertThat(base.namesRegistryHost()).as("base %s in %s names a registry host", base, path).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("serviceImages")
    void buildsTheModuleWithMavenInAStageOfItsOwn(String path, String module, String port) {
        Dockerfile dockerfile = Dockerfile.read(path);
        Stage build = dockerfile.stage("build").orElseThrow(() -> new AssertionError(path + " has no build stage"));
        assertThat(build.baseImage()).startsWith("maven:").contains("eclipse-temurin-17");
        assertThat(build.all("RUN")).anyMatch(run -> run.arguments().contains("mvn ")
                && run.arguments().contains("-pl " + module + " -am") && run.arguments().contains("package"));
        assertThat(dockerfile.stages()).as("stages of %s", path).hasSizeGreaterThanOrEqualTo(2);
        Stage runtime = dockerfile.finalStage();
        assertThat(runtime.baseImage()).as("runtime base of %s", path).doesNotStartWith("maven:");
        assertThat(runtime.all("COPY")).as("the runtime takes the application layers from the build stage")
                .anyMatch(copy -> copy.arguments().startsWith("--from=build /layers/application/"));
    }

    @ParameterizedTest
    @MethodSource("serviceImages")
    void runsAsANumericNonRootUser(String path, String module, String port) {
        String user = Dockerfile.read(path).finalStage().last("USER")
                .orElseThrow(() -> new AssertionError(path + " sets no USER in its runtime stage")).arguments();
        assertThat(user).as("USER of %s: numeric, so Kubernetes can check runAsNonRoot", path).matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).as("uid of %s", path).isPositive();
    }

    @ParameterizedTest
    @MethodSource("serviceImages")
    void startsAContainerAwareJvmWithAnActuatorHealthCheck(String path, String module, String port) {
        Stage runtime = Dockerfile.read(path).finalStage();
        Map<String, String> environment = runtime.environment();
        assertThat(environment.get("JAVA_TOOL_OPTIONS")).as("JVM flags of %s", path).contains("-XX:MaxRAMPercentage=");
        assertThat(environment).as("environment of %s", path).containsEntry("SERVER_PORT", port);
        assertThat(runtime.last("EXPOSE").map(Instruction::arguments)).contains(port);
        assertThat(runtime.last("HEALTHCHECK").map(Instruction::arguments).orElse(""))
                .contains("http://localhost:${SERVER_PORT}/actuator/health");
        assertThat(runtime.last("ENTRYPOINT").map(Instruction::arguments))
                .contains("[\"java\", \"-jar\", \"application.jar\"]");
        Set<String> known = Repository.variablesOf(module);
        assertThat(environment.keySet()).as("variables set by %s", path)
                .allMatch(name -> known.contains(name) || RUNTIME_VARIABLES.contains(name));
    }

    @Test
    void cpuTrainerImageShipsTheDjlCacheFilledAtBuildTime() {
        Dockerfile dockerfile = Dockerfile.read("trainer-service/Dockerfile");
        Stage build = dockerfile.stage("build").orElseThrow();
        assertThat(build.all("COPY")).extracting(Instruction::arguments)
                .contains(DjlCacheWarmUpIntegrationTests.WARM_UP_SOURCE + " /warmup/DjlWarmUp.java");
        // The runtime user is not the one who filled the cache, and DJL makes its directories owner-only.
        assertThat(build.all("RUN")).anyMatch(run -> run.arguments().contains("DJL_CACHE_DIR=/djl-cache")
                && run.arguments().contains("/warmup/DjlWarmUp.java")
                && run.arguments().contains("chmod -R a+rX /djl-cache"));
        Stage runtime = dockerfile.finalStage();
        String cache = runtime.environment().get("DJL_CACHE_DIR");
        assertThat(runtime.all("COPY")).extracting(Instruction::arguments).contains("--from=build /djl-cache " + cache);
        assertThat(runtime.environment()).containsEntry("DJL_OFFLINE", "true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"trainer-service/Dockerfile", "trainer-service/Dockerfile.gpu"})
    void trainerBuildStagesInstallGccBeforeMavenBuildsTheNativeLibraries(String path) {
        List<Instruction> runs = Dockerfile.read(path).stage("build").orElseThrow().all("RUN");
        int gcc = indexOf(runs, run -> run.arguments().contains("apt-get install") && run.arguments().contains(" gcc"));
        int maven = indexOf(runs, run -> run.arguments().contains("mvn "));
        assertThat(gcc).as("a RUN installing gcc in the build stage of %s", path).isNotNegative();
        assertThat(gcc).as("gcc installed before the Maven build in %s", path).isLessThan(maven);
    }

    private static int indexOf(List<Instruction> instructions, Predicate<Instruction> test) {
        for (int i = 0; i < instructions.size(); i++) {
            if (test.test(instructions.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theTrainerGetsTheSameAllocatorWhereverItRuns() {
        Map<String, String> cpu = allocatorSettings("trainer-service/Dockerfile");
        assertThat(cpu).containsOnlyKeys(ALLOCATOR_VARIABLES).containsEntry("LD_PRELOAD", JEMALLOC);
        // glibc ignores an mmap threshold above half its 64 MiB arena heap, silently keeping its default.
        assertThat(Long.parseLong(cpu.get("MALLOC_MMAP_THRESHOLD_"))).isLessThanOrEqualTo(32L << 20);
        assertThat(allocatorSettings("trainer-service/Dockerfile.gpu")).isEqualTo(cpu);
        String launcher = Repository.read("trainboard");
        String trainerPom = Repository.read("trainer-service/pom.xml");
        // Each names jemalloc's path once: the launcher for its package check and the preload (the services and
        // ./trainboard bench train), the POM for the tests' preload.
        assertThat(launcher).contains("JEMALLOC=" + JEMALLOC, "LD_PRELOAD=$JEMALLOC");
        assertThat(trainerPom).contains("<trainer.jemalloc>" + JEMALLOC + "</trainer.jemalloc>",
                "<LD_PRELOAD>${trainer.jemalloc}</LD_PRELOAD>");
        assertThat(Repository.read("platform/bench.sh")).contains("${TRAINER_ALLOCATOR[*]}");
        cpu.forEach((name, value) -> {
            if (!name.equals("LD_PRELOAD")) {
                assertThat(launcher).contains(name + "=" + value);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"trainer-service/Dockerfile", "trainer-service/Dockerfile.gpu"})
    void trainerImagesInstallTheAllocatorTheyPreload(String path) {
        Stage runtime = Dockerfile.read(path).finalStage();
        assertThat(runtime.all("RUN")).as("the final stage of %s installs Debian's jemalloc package", path)
                .anyMatch(run -> run.arguments().matches("(?s).*apt-get install [^&]*\\blibjemalloc2\\b.*"));
    }

    /** Runs a RUN instruction's shell guard the way the build would, with the stage's two arguments set. */
    private static boolean guardAccepts(String guard, String archive, String url) {
        ProcessBuilder shell = new ProcessBuilder("sh", "-c", guard).redirectErrorStream(true);
        shell.environment().put("LIBTORCH_ARCHIVE", archive);
        shell.environment().put("LIBTORCH_URL", url);
        try {
            Process process = shell.start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> allocatorSettings(String dockerfile) {
        Map<String, String> settings = new TreeMap<>(Dockerfile.read(dockerfile).finalStage().environment());
        settings.keySet().retainAll(ALLOCATOR_VARIABLES);
        return settings;
    }

    @Test
    void gpuTrainerImageLoadsLibtorchCu128MatchingTheBuild() {
        Dockerfile dockerfile = Dockerfile.read("trainer-service/Dockerfile.gpu");
        Map<String, String> args = dockerfile.globalArgs();
        String pytorchVersion = Repository.parentPomProperty("pytorch.native.version");
        assertThat(args).containsEntry("PYTORCH_VERSION", pytorchVersion).containsEntry("PYTORCH_FLAVOR", "cu128")
                .containsEntry("DJL_VERSION", Repository.parentPomProperty("djl.version"));
        String archive = "libtorch-cxx11-abi-shared-with-deps-" + pytorchVersion + "%2Bcu128.zip";
        assertThat(args).containsEntry("LIBTORCH_ARCHIVE", archive).containsEntry("LIBTORCH_URL", "");
        // No download host is named in the repository: the builder passes the address, and the libtorch stage
        // refuses a missing one, or one of another archive, before it fetches anything. The guard runs here.
        String fetch = dockerfile.stage("libtorch").orElseThrow().all("RUN").get(0).arguments();
        String guard = fetch.substring(0, fetch.indexOf("esac") + "esac".length());
        assertThat(guardAccepts(guard, archive, "https://downloads.example/libtorch/cu128/" + archive)).isTrue();
        assertThat(guardAccepts(guard, archive, "")).isFalse();
        assertThat(guardAccepts(guard, archive,
                "https://downloads.example/libtorch/cu126/libtorch-cxx11-abi-shared-with-deps-2.6.0%2Bcu126.zip"))
                .isFalse();
        assertThat(args.get("CUDA_IMAGE")).startsWith("nvidia/cuda:12.8.");

        Stage runtime = dockerfile.finalStage();
        Map<String, String> environment = runtime.environment();
        assertThat(environment).containsEntry("PYTORCH_VERSION", "${PYTORCH_VERSION}")
                .containsEntry("PYTORCH_FLAVOR", "${PYTORCH_FLAVOR}").containsEntry("DJL_OFFLINE", "true");
        assertThat(runtime.all("COPY")).extracting(Instruction::arguments)
                .contains("--from=libtorch /opt/libtorch/lib " + environment.get("PYTORCH_LIBRARY_PATH"))
                .contains("--from=build /djl-cache " + environment.get("DJL_CACHE_DIR"))
                .contains("--from=jre /opt/java/openjdk /opt/java/openjdk");
    }

    @Test
    void gpuTrainerImagePlacesTheJniBridgeWhereDjlLooksForIt() {
        Dockerfile dockerfile = Dockerfile.read("trainer-service/Dockerfile.gpu");
        Map<String, String> args = dockerfile.globalArgs();
        String jniEntry = "jnilib/linux-x86_64/" + args.get("PYTORCH_FLAVOR") + "/libdjl_torch.so";
        var jar = ClassLoader.getSystemResource(jniEntry);
        assertThat(jar).as("the pytorch-jni jar holds %s", jniEntry).isNotNull();
        assertThat(jar.toString()).contains("pytorch-jni-" + args.get("PYTORCH_VERSION") + "-" + args.get("DJL_VERSION")
                + ".jar");
        assertThat(dockerfile.stage("build").orElseThrow().all("RUN")).anyMatch(run -> run.arguments().contains(
                "/djl-cache/pytorch/${PYTORCH_VERSION}-${PYTORCH_FLAVOR}-linux-x86_64")
                && run.arguments().contains("${DJL_VERSION}-libdjl_torch.so"));
    }

    @Test
    void tensorBoardImageIsPinnedNonRootAndReloadsEveryFileOfARun() {
        Dockerfile dockerfile = Dockerfile.read("docker/tensorboard/Dockerfile");
        Stage runtime = dockerfile.finalStage();
        assertThat(new ImageReference(runtime.baseImage()).isPinned()).isTrue();
        assertThat(runtime.all("ARG")).extracting(Instruction::arguments)
                .anyMatch(arg -> arg.matches("TENSORBOARD_VERSION=\\d+\\.\\d+\\.\\d+"));
        assertThat(runtime.all("RUN")).anyMatch(run -> run.arguments().contains("tensorboard==${TENSORBOARD_VERSION}"));
        assertThat(runtime.last("USER").orElseThrow().arguments()).matches("[1-9]\\d*:\\d+");
        assertThat(runtime.last("CMD").orElseThrow().arguments()).contains("\"--reload_multifile=true\"");
    }
}
