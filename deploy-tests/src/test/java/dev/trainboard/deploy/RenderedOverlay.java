package dev.trainboard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** One kustomize overlay as `kubectl kustomize` renders it, read strictly into the Kubernetes model. */
record RenderedOverlay(String name, List<HasMetadata> objects) {

    private static final Map<String, RenderedOverlay> RENDERED = new ConcurrentHashMap<>();

    /**
     * A pod template together with the workload that owns it (named in messages) and the volume claim
     * templates a StatefulSet adds to the pod's volumes.
     */
    record Workload(String kind, String name, PodTemplateSpec template, List<String> claimTemplates) {

        Set<String> volumeNames() {
            Set<String> names = new HashSet<>(claimTemplates);
            template.getSpec().getVolumes().forEach(volume -> names.add(volume.getName()));
            return names;
        }

        Stream<Container> allContainers() {
            var spec = template.getSpec();
            return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream());
        }

        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    /** The directories under k8s/overlays, so a new overlay is checked without touching the tests. */
    static List<String> overlayNames() {
        try (Stream<Path> overlays = Files.list(Repository.path("k8s/overlays"))) {
            return overlays.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Renders each overlay once per test run; the objects are read-only for the tests. */
    static RenderedOverlay of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> new RenderedOverlay(name, StrictManifests.read(
                ExternalTool.KUBECTL.output(Repository.root(), "kustomize", "k8s/overlays/" + name))));
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind, String objectName) {
        return all(kind).stream().filter(object -> object.getMetadata().getName().equals(objectName)).findFirst()
                .orElseThrow(() -> new AssertionError(
                        "overlay " + name + " renders no " + kind.getSimpleName() + " named " + objectName));
    }

    List<Workload> workloads() {
        return Stream.concat(
                all(Deployment.class).stream().map(deployment -> new Workload("Deployment",
                        deployment.getMetadata().getName(), deployment.getSpec().getTemplate(), List.of())),
                all(StatefulSet.class).stream().map(statefulSet -> new Workload("StatefulSet",
                        statefulSet.getMetadata().getName(), statefulSet.getSpec().getTemplate(),
                        statefulSet.getSpec().getVolumeClaimTemplates().stream()
                                .map(claim -> claim.getMetadata().getName()).toList())))
                .toList();
    }

    Workload workload(String workloadName) {
        return workloads().stream().filter(workload -> workload.name().equals(workloadName)).findFirst()
                .orElseThrow(() -> new AssertionError("overlay " + name + " renders no workload " + workloadName));
    }

    @Override
    public String toString() {
        return name;
    }
}
