package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainboard.deploy.RenderedOverlay.Workload;
import dev.trainboard.events.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay under k8s/overlays, rendered by `kubectl kustomize` and held to the deployment's invariants. */
class KustomizeOverlaysTests {

    private static final String NAMESPACE = "trainboard";

    private static final String RUNS_CLAIM = "trainboard-runs";

    /** The Secrets an operator creates by hand (docs/deploy.md); nothing else may be referenced. */
    private static final Set<String> DOCUMENTED_SECRETS = Set.of("trainboard-db", "trainboard-api-tokens",
            "trainboard-internal-token");

    /** Containers whose image writes to its own file system at start-up, each with the reason in its manifest. */
    private static final Set<String> WRITABLE_ROOT_FILE_SYSTEM = Set.of("StatefulSet/kafka");

    private static final Set<String> SERVICES = Set.of("metrics-service", "trainer-service", "ui-gateway");

    /**
     * Set by the operators component without a placeholder in application.yml: Spring binds it to
     * metrics-service's trainboard.kafka.replicas, the replication factor of the topics it declares.
     */
    private static final String TOPIC_REPLICAS = "TRAINBOARD_KAFKA_REPLICAS";

    /** Partitions of trainboard.events: metrics-service's trainboard.kafka.partitions and the operators' topic. */
    private static final int EVENT_PARTITIONS = 3;

    static List<String> overlays() {
        return RenderedOverlay.overlayNames();
    }

    @Test
    void bothOverlaysExist() {
        assertThat(overlays()).contains("cpu", "gpu");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsLabelledAndInTheNamespace(String overlay) {
        for (HasMetadata object : RenderedOverlay.of(overlay).objects()) {
            assertThat(object.getMetadata().getLabels()).as("labels of %s", describe(object))
                    .containsEntry("app.kubernetes.io/part-of", "trainboard");
            if (!(object instanceof Namespace)) {
                assertThat(object.getMetadata().getNamespace()).as("namespace of %s", describe(object))
                        .isEqualTo(NAMESPACE);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasProbesAndResourceLimits(String overlay) {
        for (Workload workload : RenderedOverlay.of(overlay).workloads()) {
            for (Container container : workload.template().getSpec().getContainers()) {
                assertThat(container.getLivenessProbe()).as("liveness probe of %s %s", workload, container.getName())
                        .isNotNull();
                assertThat(container.getReadinessProbe()).as("readiness probe of %s %s", workload, container.getName())
                        .isNotNull();
            }
            workload.allContainers().forEach(container -> {
                ResourceRequirements resources = container.getResources();
                String what = workload + " " + container.getName();
                assertThat(resources.getRequests()).as("requests of %s", what).containsKeys("cpu", "memory");
                assertThat(resources.getLimits()).as("limits of %s", what).containsKeys("cpu", "memory");
                assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
                        .as("memory limit of %s is at least its request", what)
                        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(resources.getRequests().get("memory")));
            });
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void probesOfTheServicesUseActuatorHealth(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : SERVICES) {
            Container container = serviceContainer(rendered, service);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noContainerRunsAsRootOrCanGainPrivileges(String overlay) {
        for (Workload workload : RenderedOverlay.of(overlay).workloads()) {
            PodSecurityContext pod = workload.template().getSpec().getSecurityContext();
            assertThat(pod).as("pod security context of %s", workload).isNotNull();
            assertThat(pod.getRunAsNonRoot()).as("runAsNonRoot of %s", workload).isTrue();
            assertThat(pod.getRunAsUser()).as("runAsUser of %s", workload).isNotNull().isNotZero();
            assertThat(pod.getSeccompProfile().getType()).as("seccomp profile of %s", workload)
                    .isEqualTo("RuntimeDefault");
            assertThat(workload.template().getSpec().getAutomountServiceAccountToken())
                    .as("%s mounts no service account token", workload).isFalse();
            workload.allContainers().forEach(container -> {
                String what = workload + " " + container.getName();
                SecurityContext context = container.getSecurityContext();
                assertThat(context).as("security context of %s", what).isNotNull();
                assertThat(context.getRunAsNonRoot()).as("%s does not undo runAsNonRoot", what).isNotEqualTo(false);
                assertThat(context.getRunAsUser()).as("%s does not switch to root", what).isNotEqualTo(Long.valueOf(0));
                assertThat(context.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", what).isFalse();
                assertThat(context.getPrivileged()).as("privileged of %s", what).isNotEqualTo(true);
                assertThat(context.getCapabilities().getDrop()).as("dropped capabilities of %s", what).contains("ALL");
                assertThat(context.getCapabilities().getAdd()).as("added capabilities of %s", what).isEmpty();
                assertThat(context.getReadOnlyRootFilesystem()).as("read-only root file system of %s", what)
                        .isEqualTo(!WRITABLE_ROOT_FILE_SYSTEM.contains(workload.toString()));
            });
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyImageIsPinnedWithoutARegistryHost(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (Workload workload : rendered.workloads()) {
            workload.allContainers().forEach(container -> {
                ImageReference image = new ImageReference(container.getImage());
                String what = workload + " " + container.getName();
                assertThat(image.isPinned()).as("image %s of %s is pinned", image, what).isTrue();
                assertThat(image.namesRegistryHost()).as("image %s of %s names a registry host", image, what).isFalse();
            });
        }
        // CloudNativePG's operand images exist only on the project's own registry, so the Cluster leaves the
        // image to the operator, whose release pins it, as Strimzi's does from spec.kafka.version.
        for (GenericKubernetesResource cluster : rendered.all(GenericKubernetesResource.class)) {
            assertThat((Object) cluster.get("spec", "imageName")).as("imageName of %s", describe(cluster)).isNull();
            assertThat((Object) cluster.get("spec", "imageCatalogRef")).as("imageCatalogRef of %s", describe(cluster))
                    .isNull();
        }
        for (var kafka : rendered.all(Kafka.class)) {
            assertThat(kafka.getSpec().getKafka().getVersion()).as("Kafka version of %s", describe(kafka))
                    .matches("\\d+\\.\\d+\\.\\d+");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void trainerAndMetricsServiceShareTheArtifactsVolume(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : List.of("trainer-service", "metrics-service")) {
            Workload workload = rendered.workload(service);
            VolumeMount mount = mountOf(workload, service, volumeOfClaim(workload, "trainboard-artifacts").getName());
            assertThat(mount.getReadOnly()).as(service + " writes the artifacts volume").isNotEqualTo(true);
            assertThat(envValue(rendered, serviceContainer(rendered, service), "TRAINBOARD_ARTIFACTS"))
                    .as(service).isEqualTo(mount.getMountPath());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void tensorBoardReadsTheRunsVolumeReadOnlyAndMetricsServiceWritesIt(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Workload tensorboard = rendered.workload("tensorboard");
        Volume runs = volumeOfClaim(tensorboard, RUNS_CLAIM);
        assertThat(runs.getPersistentVolumeClaim().getReadOnly()).as("TensorBoard's claim is read-only").isTrue();
        VolumeMount tensorboardMount = mountOf(tensorboard, "tensorboard", runs.getName());
        assertThat(tensorboardMount.getReadOnly()).as("TensorBoard's mount is read-only").isTrue();
        Container tensorboardContainer = tensorboard.template().getSpec().getContainers().get(0);
        assertThat(tensorboardContainer.getArgs()).contains("--reload_multifile=true",
                "--logdir=" + tensorboardMount.getMountPath());

        Workload metrics = rendered.workload("metrics-service");
        VolumeMount metricsMount = mountOf(metrics, "metrics-service", volumeOfClaim(metrics, RUNS_CLAIM).getName());
        assertThat(metricsMount.getReadOnly()).as("metrics-service writes the runs volume").isNotEqualTo(true);
        assertThat(envValue(rendered, serviceContainer(rendered, "metrics-service"), "TRAINBOARD_LOGDIR"))
                .isEqualTo(metricsMount.getMountPath());

        List<String> writers = rendered.workloads().stream()
                .filter(workload -> workload.template().getSpec().getVolumes().stream()
                        .anyMatch(volume -> volume.getPersistentVolumeClaim() != null
                                && RUNS_CLAIM.equals(volume.getPersistentVolumeClaim().getClaimName())
                                && !Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly())))
                .map(Workload::name).toList();
        assertThat(writers).as("workloads that may write the runs volume").containsExactly("metrics-service");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheGatewayAcceptsConnectionsFromOutside(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        assertThat(policies).as("a default-deny policy selects every pod")
                .anyMatch(policy -> selectsEverything(policy.getSpec().getPodSelector())
                        && policy.getSpec().getPolicyTypes().contains("Ingress")
                        && policy.getSpec().getIngress().isEmpty());

        List<Map<String, String>> openToAnyone = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(KustomizeOverlaysTests::isAnyone)) {
                    openToAnyone.add(policy.getSpec().getPodSelector().getMatchLabels());
                }
            }
        }
        assertThat(openToAnyone).as("pods reachable from anywhere")
                .containsExactly(Map.of("app.kubernetes.io/name", "ui-gateway"));

        for (Service service : rendered.all(Service.class)) {
            assertThat(service.getSpec().getType()).as("type of %s", describe(service)).isIn(null, "ClusterIP");
        }
        for (var kafka : rendered.all(Kafka.class)) {
            kafka.getSpec().getKafka().getListeners().forEach(listener -> {
                assertThat(listener.getType().toValue()).as("Kafka listener %s", listener.getName()).isEqualTo("internal");
                assertThat(listener.getNetworkPolicyPeers()).as("peers of Kafka listener %s", listener.getName())
                        .isNotEmpty();
            });
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void secretsAreOnlyReferencedNeverCommitted(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        assertThat(rendered.all(Secret.class)).as("Secrets in the rendered manifests").isEmpty();
        for (Workload workload : rendered.workloads()) {
            workload.allContainers().forEach(container -> {
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isIn(DOCUMENTED_SECRETS);
                    }
                    if (variable.getName().matches(".*(PASSWORD|TOKEN|SECRET|SHA256).*")) {
                        assertThat(variable.getValue()).as("%s of %s is a Secret reference", variable.getName(), workload)
                                .isNull();
                    }
                }
                for (EnvFromSource source : container.getEnvFrom()) {
                    if (source.getSecretRef() != null) {
                        assertThat(source.getSecretRef().getName()).isIn(DOCUMENTED_SECRETS);
                    }
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceReadsTheInternalTokenFromItsSecretAndTrainersMayReachTheRegistry(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : List.of("metrics-service", "trainer-service", "ui-gateway")) {
            EnvVar token = serviceContainer(rendered, service).getEnv().stream()
                    .filter(variable -> variable.getName().equals("TRAINBOARD_INTERNAL_TOKEN")).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " does not read TRAINBOARD_INTERNAL_TOKEN"));
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).as(service).isEqualTo("trainboard-internal-token");
            assertThat(token.getValueFrom().getSecretKeyRef().getKey()).as(service).isEqualTo("token");
            assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).as(service).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(rendered.all(NetworkPolicy.class)).as("a policy lets trainers reach the metrics service")
                .anyMatch(policy -> "metrics-service".equals(policy.getSpec().getPodSelector().getMatchLabels()
                        .get("app.kubernetes.io/name")) && policy.getSpec().getIngress().stream()
                        .flatMap(rule -> rule.getFrom().stream())
                        .anyMatch(peer -> peer.getPodSelector() != null && "trainer-service".equals(
                                peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesReadOnlyDocumentedVariablesAndEveryReferenceResolves(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String service : SERVICES) {
            Set<String> known = Repository.variablesOf(service);
            for (EnvVar variable : serviceContainer(rendered, service).getEnv()) {
                assertThat(known.contains(variable.getName())
                        || service.equals("metrics-service") && variable.getName().equals(TOPIC_REPLICAS))
                        .as("%s reads a variable named %s", service, variable.getName()).isTrue();
                envValue(rendered, serviceContainer(rendered, service), variable.getName());
            }
            assertThat(serviceContainer(rendered, service).getEnvFrom()).as("envFrom of %s", service).isEmpty();
        }
        for (Workload workload : rendered.workloads()) {
            Set<String> volumes = workload.volumeNames();
            workload.allContainers().flatMap(container -> container.getVolumeMounts().stream())
                    .forEach(mount -> assertThat(volumes).as("volumes of %s", workload).contains(mount.getName()));
            workload.template().getSpec().getVolumes().stream().map(Volume::getPersistentVolumeClaim)
                    .filter(Objects::nonNull)
                    .forEach(claim -> rendered.one(PersistentVolumeClaim.class, claim.getClaimName()));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceSelectsAWorkloadPortByName(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (Service service : rendered.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Workload> selected = rendered.workloads().stream()
                    .filter(workload -> workload.template().getMetadata().getLabels().entrySet()
                            .containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as("workloads selected by %s", describe(service)).hasSize(1);
            Set<String> portNames = new HashSet<>();
            selected.get(0).template().getSpec().getContainers()
                    .forEach(container -> container.getPorts().forEach(port -> portNames.add(port.getName())));
            for (ServicePort port : service.getSpec().getPorts()) {
                assertThat(port.getTargetPort().getStrVal()).as("target port of %s", describe(service)).isIn(portNames);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void disruptionBudgetsKeepTheGatewayAndMetricsServiceUp(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (String name : List.of("metrics-service", "ui-gateway")) {
            PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class, name);
            Deployment deployment = rendered.one(Deployment.class, name);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet());
            assertThat(deployment.getSpec().getReplicas()).as("replicas of %s leave room for a disruption", name)
                    .isGreaterThan(budget.getSpec().getMinAvailable().getIntVal());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyMetricsServiceReplicaIsAssignedEventPartitions(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        int replicas = rendered.one(Deployment.class, "metrics-service").getSpec().getReplicas();
        int consumers = Integer.parseInt(envValue(rendered, serviceContainer(rendered, "metrics-service"),
                "SPRING_KAFKA_LISTENER_CONCURRENCY"));
        // Partitions go to consumers; the other replicas' consumers must be too few to take all of them.
        assertThat((replicas - 1) * consumers).as("consumers of all replicas but one")
                .isLessThan(EVENT_PARTITIONS);
    }

    @Test
    void gpuOverlayGivesEachTrainerOneGpuOnAGpuNode() {
        RenderedOverlay gpu = RenderedOverlay.of("gpu");
        Workload trainer = gpu.workload("trainer-service");
        Container container = serviceContainer(gpu, "trainer-service");
        assertThat(container.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(container.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(trainer.template().getSpec().getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(trainer.template().getSpec().getTolerations())
                .anyMatch(toleration -> "nvidia.com/gpu".equals(toleration.getKey()));
        assertThat(new ImageReference(container.getImage()).tag()).endsWith("-cu128");
        assertThat(gpu.one(PersistentVolumeClaim.class, RUNS_CLAIM).getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
    }

    @Test
    void cpuOverlayRequestsNoGpuAndFitsOneNode() {
        RenderedOverlay cpu = RenderedOverlay.of("cpu");
        cpu.workloads().stream().flatMap(Workload::allContainers).forEach(container -> assertThat(
                container.getResources().getLimits()).as("limits of %s", container.getName())
                .doesNotContainKey("nvidia.com/gpu"));
        assertThat(new ImageReference(serviceContainer(cpu, "trainer-service").getImage()).tag()).doesNotContain("cu");
        assertThat(cpu.one(PersistentVolumeClaim.class, RUNS_CLAIM).getSpec().getAccessModes())
                .containsExactly("ReadWriteOnce");
        assertThat(cpu.one(PersistentVolumeClaim.class, "trainboard-artifacts").getSpec().getAccessModes())
                .containsExactly("ReadWriteOnce");
    }

    @Test
    void statefulSetsComponentServesTheAddressesTheConfigurationNames() {
        RenderedOverlay cpu = RenderedOverlay.of("cpu");
        Map<String, String> config = trainboardConfig(cpu).getData();
        String[] kafka = config.get("KAFKA_BOOTSTRAP_SERVERS").split(":");
        assertThat(cpu.one(Service.class, kafka[0]).getSpec().getPorts())
                .anyMatch(port -> port.getPort() == Integer.parseInt(kafka[1]));
        assertThat(config.get("TRAINBOARD_DB_URL")).isEqualTo("jdbc:postgresql://postgres:5432/trainboard");
        assertThat(cpu.one(Service.class, "postgres").getSpec().getPorts()).anyMatch(port -> port.getPort() == 5432);
    }

    @Test
    void operatorsComponentDeclaresTheContractTopicsAndTheOperatorsServiceNames() {
        RenderedOverlay gpu = RenderedOverlay.of("gpu");
        var kafka = gpu.one(Kafka.class, "trainboard");
        assertThat(gpu.all(KafkaNodePool.class))
                .allSatisfy(pool -> assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "trainboard"));
        assertThat(gpu.all(KafkaTopic.class)).map(topic -> topic.getSpec().getTopicName())
                .containsExactlyInAnyOrder(Topics.JOBS, Topics.EVENTS,
                        Topics.CONTROL, Topics.EVENTS_DEAD_LETTER,
                        Topics.JOBS_DEAD_LETTER, Topics.CONTROL_DEAD_LETTER);

        Map<String, String> config = trainboardConfig(gpu).getData();
        int plainPort = kafka.getSpec().getKafka().getListeners().get(0).getPort();
        assertThat(config.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("trainboard-kafka-bootstrap:" + plainPort);
        GenericKubernetesResource cluster = gpu.all(GenericKubernetesResource.class).stream()
                .filter(object -> object.getKind().equals("Cluster")).findFirst().orElseThrow();
        assertThat(config.get("TRAINBOARD_DB_URL"))
                .isEqualTo("jdbc:postgresql://" + cluster.getMetadata().getName() + "-rw:5432/trainboard");
        assertThat((String) cluster.get("spec", "bootstrap", "initdb", "database")).isEqualTo("trainboard");
        assertThat((String) cluster.get("spec", "bootstrap", "initdb", "secret", "name")).isEqualTo("trainboard-db");
    }

    private static Container serviceContainer(RenderedOverlay rendered, String service) {
        return rendered.workload(service).template().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError(service + " has no container named after it"));
    }

    private static ConfigMap trainboardConfig(RenderedOverlay rendered) {
        List<ConfigMap> maps = rendered.all(ConfigMap.class).stream()
                .filter(map -> map.getMetadata().getName().startsWith("trainboard-config-")).toList();
        assertThat(maps).as("one generated trainboard-config with a content hash").hasSize(1);
        return maps.get(0);
    }

    /** The value a container sees for a variable, following ConfigMap references; fails when one dangles. */
    private static String envValue(RenderedOverlay rendered, Container container, String name) {
        EnvVar variable = container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no variable " + name));
        if (variable.getValueFrom() == null || variable.getValueFrom().getConfigMapKeyRef() == null) {
            return variable.getValue();
        }
        var reference = variable.getValueFrom().getConfigMapKeyRef();
        ConfigMap map = rendered.one(ConfigMap.class, reference.getName());
        assertThat(map.getData()).as("ConfigMap %s", reference.getName()).containsKey(reference.getKey());
        return map.getData().get(reference.getKey());
    }

    private static Volume volumeOfClaim(Workload workload, String claim) {
        return workload.template().getSpec().getVolumes().stream()
                .filter(volume -> volume.getPersistentVolumeClaim() != null
                        && claim.equals(volume.getPersistentVolumeClaim().getClaimName()))
                .findFirst().orElseThrow(() -> new AssertionError(workload + " does not mount claim " + claim));
    }

    private static VolumeMount mountOf(Workload workload, String containerName, String volume) {
        return workload.template().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals(containerName))
                .flatMap(container -> container.getVolumeMounts().stream())
                .filter(mount -> mount.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " " + containerName + " does not mount " + volume));
    }

    private static boolean selectsEverything(LabelSelector selector) {
        return selector == null || (selector.getMatchLabels().isEmpty() && selector.getMatchExpressions().isEmpty());
    }

    /** A peer that admits any source: an address block, or every namespace. */
    private static boolean isAnyone(NetworkPolicyPeer peer) {
        return peer.getIpBlock() != null
                || (peer.getNamespaceSelector() != null && selectsEverything(peer.getNamespaceSelector()));
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
