package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and its GPU override: valid for Debian's docker-compose (which needs no engine for
 * `config`), and the resolved configuration keeps the deployment's invariants.
 */
class ComposeFilesTests {

    private static final String BASE = "docker-compose.yml";

    private static final String GPU = "docker-compose.gpu.yml";

    /** The override ./trainboard compose-test runs with: base images built from Debian packages, no TensorBoard. */
    private static final String LOCAL_IMAGES = "platform/compose/local-images.yml";

    /** docker-compose takes seconds to start, so each combination of files is resolved once per run. */
    private static final Map<List<String>, Map<String, Object>> RESOLVED = new ConcurrentHashMap<>();

    private static final Set<String> TRAINBOARD_SERVICES = Set.of("metrics-service", "trainer-service", "ui-gateway");

    @Test
    void composeFilesPassDockerComposeConfig() {
        ExternalTool.DOCKER_COMPOSE.output(Repository.root(), "-f", BASE, "config", "-q");
        ExternalTool.DOCKER_COMPOSE.output(Repository.root(), "-f", BASE, "-f", GPU, "config", "-q");
        ExternalTool.DOCKER_COMPOSE.output(Repository.root(), "-f", BASE, "-f", LOCAL_IMAGES, "config", "-q");
    }

    @Test
    void localImagesOverrideChangesOnlyTheThirdPartyImagesAndLeavesTensorBoardToItsProfile() {
        Map<String, Object> base = services(BASE);
        Map<String, Object> local = services(BASE, LOCAL_IMAGES);
        assertThat(local.keySet()).isEqualTo(base.keySet());
        for (String service : base.keySet()) {
            Map<String, Object> overridden = new HashMap<>(map(local.get(service)));
            Map<String, Object> original = new HashMap<>(map(base.get(service)));
            if (List.of("kafka", "postgres", "mnist-data").contains(service)) {
                assertThat((String) overridden.remove("image")).as("image of %s", service).startsWith("trainboard-local/");
                original.remove("image");
                overridden.remove("user");
                original.remove("user");
                // The same health check command, only given more time (Kafka's starts a JVM).
                Map<String, Object> check = map(overridden.remove("healthcheck"));
                Map<String, Object> originalCheck = map(original.remove("healthcheck"));
                assertThat(check == null ? null : check.get("test")).as("health check of %s", service)
                        .isEqualTo(originalCheck == null ? null : originalCheck.get("test"));
            }
            if (service.equals("tensorboard")) {
                assertThat(list(overridden.remove("profiles"))).containsExactly("tensorboard");
            }
            // Merging an override may list a service's volumes in another order.
            original.computeIfPresent("volumes", (key, volumes) -> Set.copyOf(list(volumes)));
            overridden.computeIfPresent("volumes", (key, volumes) -> Set.copyOf(list(volumes)));
            assertThat(overridden).as("%s, apart from what the override changes", service).isEqualTo(original);
        }
    }

    @Test
    void dockerComposeConfigRejectsAnUnknownKey(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("docker-compose.yml"), """
                services:
                  web:
                    image: example/web:1.0.0
                    healthchek:
                      test: ["CMD", "true"]
                """);

        ExternalTool.Result result = ExternalTool.DOCKER_COMPOSE.run(directory, "config", "-q");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains("healthchek");
    }

    @Test
    void everyImageIsPinnedWithoutARegistryHostNoContainerNameIsFixedAndNoServiceSwitchesToRoot() {
        for (var service : services(BASE, GPU).entrySet()) {
            Map<String, Object> definition = map(service.getValue());
            ImageReference image = new ImageReference((String) definition.get("image"));
            assertThat(image.isPinned()).as("image %s of %s is pinned", image, service.getKey()).isTrue();
            assertThat(image.namesRegistryHost()).as("image %s of %s names a registry host", image, service.getKey())
                    .isFalse();
            assertThat(definition).as("definition of %s", service.getKey()).doesNotContainKey("container_name");
            assertThat(String.valueOf(definition.get("user"))).as("user of %s", service.getKey())
                    .doesNotMatch("root|0(:\\d+)?");
        }
    }

    @Test
    void dependenciesWaitForHealthyServicesThatHaveAHealthCheck() {
        Map<String, Object> services = services(BASE);
        for (var service : services.entrySet()) {
            Map<String, Object> dependsOn = map(map(service.getValue()).getOrDefault("depends_on", Map.of()));
            for (var dependency : dependsOn.entrySet()) {
                String condition = (String) map(dependency.getValue()).get("condition");
                Map<String, Object> target = map(services.get(dependency.getKey()));
                if ("mnist-data".equals(dependency.getKey())) {
                    assertThat(condition).isEqualTo("service_completed_successfully");
                    continue;
                }
                assertThat(condition).as("%s waits for %s", service.getKey(), dependency.getKey())
                        .isEqualTo("service_healthy");
                assertThat(target.containsKey("healthcheck") || builtImageHasHealthCheck(target))
                        .as("%s has a health check", dependency.getKey()).isTrue();
            }
        }
        assertThat(map(map(services.get("ui-gateway")).get("depends_on"))).containsKey("metrics-service");
        assertThat(map(map(services.get("metrics-service")).get("depends_on"))).containsKeys("kafka", "postgres");
        assertThat(map(map(services.get("trainer-service")).get("depends_on"))).containsKeys("kafka", "mnist-data");
    }

    @Test
    void metricsServiceWritesTheRunsVolumeAndTensorBoardReadsIt() {
        Map<String, Object> services = services(BASE);
        assertThat(onlyMount(services, "metrics-service", "runs"))
                .isEqualTo(new Mount("runs", environment(services, "metrics-service").get("TRAINBOARD_LOGDIR"), false));
        assertThat(onlyMount(services, "tensorboard", "runs").readOnly()).isTrue();
        List<String> writers = services.keySet().stream()
                .filter(name -> mountsOf(services, name, "runs").stream().anyMatch(mount -> !mount.readOnly()))
                .toList();
        assertThat(writers).containsExactly("metrics-service");
        assertThat(publishedPorts(services, "tensorboard")).containsExactly(6006);
        assertThat(publishedPorts(services, "ui-gateway")).containsExactly(8080);
    }

    @Test
    void trainerWritesTheArtifactsVolumeWhereMetricsServiceFindsIt() {
        Map<String, Object> services = services(BASE);
        for (String service : List.of("trainer-service", "metrics-service")) {
            assertThat(onlyMount(services, service, "artifacts")).as(service).isEqualTo(
                    new Mount("artifacts", environment(services, service).get("TRAINBOARD_ARTIFACTS"), false));
        }
    }

    @Test
    void trainerReadsMnistFromTheDataVolume() {
        Map<String, Object> services = services(BASE);
        assertThat(onlyMount(services, "trainer-service", "mnist"))
                .isEqualTo(new Mount("mnist", environment(services, "trainer-service").get("TRAINBOARD_DATA_DIR"), true));
        assertThat(onlyMount(services, "mnist-data", "mnist").readOnly()).isFalse();
    }

    @Test
    void servicesUseTheDocumentedVariablesAndReachKafkaAndPostgresByServiceName() {
        Map<String, Object> services = services(BASE);
        for (String service : TRAINBOARD_SERVICES) {
            assertThat(Repository.variablesOf(service)).as("variables %s reads", service)
                    .containsAll(environment(services, service).keySet());
        }
        Map<String, String> kafka = environment(services, "kafka");
        assertThat(map(services.get("kafka")).get("image")).asString().startsWith("apache/kafka:");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        String bootstrap = environment(services, "metrics-service").get("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(environment(services, "trainer-service")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("//" + bootstrap);
        assertThat(environment(services, "metrics-service").get("TRAINBOARD_DB_URL"))
                .startsWith("jdbc:postgresql://postgres:5432/");
        assertThat(environment(services, "ui-gateway").get("METRICS_SERVICE_URL")).isEqualTo("http://metrics-service:8081");
        assertThat(environment(services, "trainer-service").get("METRICS_SERVICE_URL"))
                .isEqualTo("http://metrics-service:8081");
        String internalToken = environment(services, "metrics-service").get("TRAINBOARD_INTERNAL_TOKEN");
        assertThat(internalToken).isNotBlank();
        for (String service : TRAINBOARD_SERVICES) {
            assertThat(environment(services, service)).containsEntry("TRAINBOARD_INTERNAL_TOKEN", internalToken);
        }
        assertThat(mountsOf(services, "postgres", "pgdata")).hasSize(1);
    }

    @Test
    void gpuOverrideReservesAnNvidiaGpuForTheTrainerImageBuiltForCuda() {
        Map<String, Object> trainer = map(services(BASE, GPU).get("trainer-service"));
        Map<String, Object> reservations = map(map(map(trainer.get("deploy")).get("resources")).get("reservations"));
        List<Map<String, Object>> devices = list(reservations.get("devices"));
        assertThat(devices).singleElement().satisfies(device -> {
            assertThat(device).containsEntry("driver", "nvidia").containsEntry("count", 1);
            assertThat(list(device.get("capabilities"))).contains("gpu");
        });
        assertThat(map(trainer.get("build"))).containsEntry("dockerfile", "trainer-service/Dockerfile.gpu");
        // The libtorch archive's address comes from the environment of whoever builds the image.
        assertThat(map(map(trainer.get("build")).get("args"))).containsKeys("LIBTORCH_URL", "LIBTORCH_SHA256");
        assertThat(new ImageReference((String) trainer.get("image")).tag()).endsWith("-cu128");
        assertThat(map(services(BASE).get("trainer-service"))).doesNotContainKey("deploy");
    }

    /** A volume entry of the resolved configuration, "source:target[:mode]". */
    private record Mount(String source, String target, boolean readOnly) {

        static Mount parse(String entry) {
            String[] parts = entry.split(":");
            return new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro"));
        }
    }

    private static List<Mount> mountsOf(Map<String, Object> services, String service, String volume) {
        List<String> volumes = list(map(services.get(service)).getOrDefault("volumes", List.of()));
        return volumes.stream().map(Mount::parse).filter(mount -> mount.source().equals(volume)).toList();
    }

    private static Mount onlyMount(Map<String, Object> services, String service, String volume) {
        List<Mount> mounts = mountsOf(services, service, volume);
        assertThat(mounts).as("mounts of volume %s in %s", volume, service).hasSize(1);
        return mounts.get(0);
    }

    private static Map<String, String> environment(Map<String, Object> services, String service) {
        return map(map(services.get(service)).getOrDefault("environment", Map.of())).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> String.valueOf(entry.getValue())));
    }

    private static List<Integer> publishedPorts(Map<String, Object> services, String service) {
        List<Map<String, Object>> ports = list(map(services.get(service)).get("ports"));
        return ports.stream().map(port -> ((Number) port.get("published")).intValue()).toList();
    }

    private static boolean builtImageHasHealthCheck(Map<String, Object> service) {
        Map<String, Object> build = map(service.getOrDefault("build", Map.of()));
        if (build.isEmpty()) {
            return false;
        }
        Path context = Path.of((String) build.get("context"));
        String dockerfile = Repository.root().relativize(context.resolve((String) build.getOrDefault("dockerfile",
                "Dockerfile"))).toString();
        return Dockerfile.read(dockerfile).finalStage().last("HEALTHCHECK").isPresent();
    }

    /** The configuration docker-compose resolves from the given files, with every default filled in. */
    private static Map<String, Object> services(String... files) {
        return RESOLVED.computeIfAbsent(List.of(files), ComposeFilesTests::resolve);
    }

    private static Map<String, Object> resolve(List<String> fileList) {
        String[] files = fileList.toArray(String[]::new);
        String[] arguments = new String[files.length * 2 + 1];
        for (int index = 0; index < files.length; index++) {
            arguments[index * 2] = "-f";
            arguments[index * 2 + 1] = files[index];
        }
        arguments[arguments.length - 1] = "config";
        Map<String, Object> resolved = new Yaml().load(ExternalTool.DOCKER_COMPOSE.output(Repository.root(), arguments));
        return map(resolved.get("services"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return (List<T>) value;
    }
}
