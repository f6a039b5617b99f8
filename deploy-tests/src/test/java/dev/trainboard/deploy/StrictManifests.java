package dev.trainboard.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads rendered manifests into the Kubernetes API model of fabric8 (and Strimzi's, for its custom resources),
 * as strictly as the API server's field validation: an unknown kind, a value of the wrong type or a field the
 * schema does not have is an error naming the object and the field path.
 */
final class StrictManifests {

    /** The kinds TrainBoard's manifests may contain, keyed by "apiVersion/kind", with their schema classes. */
    private static final Map<String, Class<? extends HasMetadata>> SCHEMAS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    /**
     * CloudNativePG publishes no Java model, so its Cluster is read generically and only the field names at the
     * levels TrainBoard sets are checked, against the Cluster API reference.
     */
    static final String CNPG_CLUSTER = "postgresql.cnpg.io/v1/Cluster";

    private static final Set<String> CNPG_CLUSTER_SPEC_FIELDS = Set.of("instances", "imageName", "imageCatalogRef",
            "postgresql", "bootstrap", "storage", "walStorage", "resources", "affinity", "monitoring", "backup",
            "primaryUpdateStrategy", "primaryUpdateMethod", "enableSuperuserAccess", "superuserSecret", "replica",
            "externalClusters", "description", "inheritedMetadata", "env", "envFrom", "managed", "enablePDB",
            "minSyncReplicas", "maxSyncReplicas", "priorityClassName", "topologySpreadConstraints", "certificates",
            "logLevel", "startDelay", "stopDelay", "switchoverDelay", "failoverDelay", "smartShutdownTimeout");

    private static final Set<String> CNPG_INITDB_FIELDS = Set.of("database", "owner", "secret", "encoding",
            "localeCollate", "localeCType", "dataChecksums", "postInitSQL", "postInitApplicationSQL",
            "postInitTemplateSQL", "walSegmentSize", "options", "import");

    private static final ObjectMapper YAML = YAMLMapper.builder().build();

    private static final ObjectMapper MODEL = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictManifests() {
    }

    static List<HasMetadata> read(String multiDocumentYaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(multiDocumentYaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isEmpty()) {
                    objects.add(readOne(document));
                }
            }
        }
        catch (IOException ex) {
            throw new AssertionError("manifests are not valid YAML: " + ex.getMessage(), ex);
        }
        return objects;
    }

    private static HasMetadata readOne(JsonNode document) {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        String name = type + " " + document.path("metadata").path("name").asText("<unnamed>");
        if (CNPG_CLUSTER.equals(type)) {
            checkCloudNativePgCluster(name, document);
            return convert(name, document, GenericKubernetesResource.class);
        }
        Class<? extends HasMetadata> schema = SCHEMAS.get(type);
        if (schema == null) {
            throw new AssertionError(name + ": no schema known for " + type
                    + " (a misspelt apiVersion or kind, or a kind the deploy tests must learn)");
        }
        HasMetadata object = convert(name, document, schema);
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(object, "", unknown);
        if (!unknown.isEmpty()) {
            throw new AssertionError(name + ": fields the " + type + " schema does not have: " + unknown);
        }
        return object;
    }

    private static <T> T convert(String name, JsonNode document, Class<T> schema) {
        try {
            return MODEL.treeToValue(document, schema);
        }
        catch (JsonProcessingException ex) {
            throw new AssertionError(name + ": does not match the " + schema.getSimpleName() + " schema: "
                    + ex.getOriginalMessage() + " at " + ex.getLocation(), ex);
        }
    }

    private static void checkCloudNativePgCluster(String name, JsonNode document) {
        List<String> unknown = new ArrayList<>();
        document.path("spec").fieldNames().forEachRemaining(field -> {
            if (!CNPG_CLUSTER_SPEC_FIELDS.contains(field)) {
                unknown.add("spec." + field);
            }
        });
        document.path("spec").path("bootstrap").path("initdb").fieldNames().forEachRemaining(field -> {
            if (!CNPG_INITDB_FIELDS.contains(field)) {
                unknown.add("spec.bootstrap.initdb." + field);
            }
        });
        if (!unknown.isEmpty()) {
            throw new AssertionError(name + ": fields a CloudNativePG Cluster does not have: " + unknown);
        }
    }

    /**
     * The model classes keep what they do not know in an "additionalProperties" map instead of failing, so a
     * misspelt field would pass unnoticed; walking every nested model object finds them.
     */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                collectUnknownFields(element, path + "[" + index++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> collectUnknownFields(element, path + "[" + key + "]", unknown));
            return;
        }
        if (value == null || !isModelClass(value.getClass())) {
            return;
        }
        additionalProperties(value).keySet().forEach(field -> unknown.add(join(path, String.valueOf(field))));
        // Up to Object: Strimzi's resources keep their spec in fabric8's CustomResource base class.
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.getName().equals("additionalProperties")) {
                    collectUnknownFields(fieldValue(field, value), join(path, field.getName()), unknown);
                }
            }
        }
    }

    private static boolean isModelClass(Class<?> type) {
        String name = type.getName();
        return !type.isEnum() && (name.startsWith("io.fabric8.kubernetes.api.model.")
                || name.startsWith("io.strimzi.api.kafka.model."));
    }

    private static Map<?, ?> additionalProperties(Object value) {
        try {
            Method getter = value.getClass().getMethod("getAdditionalProperties");
            Object properties = getter.invoke(value);
            return properties instanceof Map<?, ?> map ? map : Map.of();
        }
        catch (NoSuchMethodException ex) {
            return Map.of();
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot read the unknown fields of " + value.getClass(), ex);
        }
    }

    private static Object fieldValue(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        }
        catch (IllegalAccessException ex) {
            throw new IllegalStateException("cannot read " + field, ex);
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
