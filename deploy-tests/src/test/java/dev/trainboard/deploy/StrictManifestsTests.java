package dev.trainboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictManifestsTests {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: %s
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: example/web:1.0.0
                      %s:
                        httpGet: {path: /, port: 8080}
            """;

    @Test
    void readsAValidManifestIntoItsModelClass() {
        List<HasMetadata> objects = StrictManifests.read(DEPLOYMENT.formatted("2", "readinessProbe"));

        assertThat(objects).singleElement().isInstanceOfSatisfying(Deployment.class, deployment -> {
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe()
                    .getHttpGet().getPath()).isEqualTo("/");
        });
    }

    @Test
    void rejectsAMisspeltFieldNamingItsPath() {
        assertThatThrownBy(() -> StrictManifests.read(DEPLOYMENT.formatted("2", "readinesProbe")))
                .hasMessageContaining("apps/v1/Deployment web")
                .hasMessageContaining("spec.template.spec.containers[0].readinesProbe");
    }

    @Test
    void rejectsAValueOfTheWrongType() {
        assertThatThrownBy(() -> StrictManifests.read(DEPLOYMENT.formatted("two", "readinessProbe")))
                .hasMessageContaining("apps/v1/Deployment web")
                .hasMessageContaining("does not match the Deployment schema");
    }

    @Test
    void rejectsAKindWithoutASchema() {
        assertThatThrownBy(() -> StrictManifests.read("""
                apiVersion: apps/v1
                kind: Deploymnet
                metadata: {name: web}
                """)).hasMessageContaining("no schema known for apps/v1/Deploymnet");
    }

    @Test
    void checksStrimziResourcesAgainstStrimzisModel() {
        String topic = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: jobs}
                spec:
                  topicName: trainboard.jobs
                  %s: 3
                """;

        assertThat(StrictManifests.read(topic.formatted("partitions"))).singleElement()
                .isInstanceOfSatisfying(KafkaTopic.class, read -> assertThat(read.getSpec().getPartitions()).isEqualTo(3));
        assertThatThrownBy(() -> StrictManifests.read(topic.formatted("partitionCount")))
                .hasMessageContaining("spec.partitionCount");
    }

    @Test
    void checksTheFieldNamesOfACloudNativePgCluster() {
        assertThatThrownBy(() -> StrictManifests.read("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db}
                spec:
                  instance: 2
                """)).hasMessageContaining("spec.instance");
    }
}
