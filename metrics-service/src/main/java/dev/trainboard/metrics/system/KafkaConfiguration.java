package dev.trainboard.metrics.system;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.Topics;
import dev.trainboard.metrics.ingest.EventValueDeserializer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

/** Topics and the JSON (de)serializers of the contract; the error handling lives with the listener. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    /** The largest record {@link Topics#EVENTS_DEAD_LETTER} takes: 2 MiB. */
    private static final int DEAD_LETTER_MAX_BYTES = 2 * 1024 * 1024;

    @Bean
    NewTopic eventsTopic(TopicProperties topics) {
        return TopicBuilder.name(Topics.EVENTS).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }

    /**
     * A dead letter is a record of {@link Topics#EVENTS}, up to the broker's limit of about 1 MB, plus the reason
     * headers: its topic takes twice that, so that no record the events topic took is too large to park, which
     * would make its batch be read again forever. The producer's request size matches ({@link #deadLetterSize}).
     */
    @Bean
    NewTopic eventsDeadLetterTopic(TopicProperties topics) {
        return TopicBuilder.name(Topics.EVENTS_DEAD_LETTER).partitions(topics.partitions())
                .replicas(topics.replicas())
                .config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(DEAD_LETTER_MAX_BYTES)).build();
    }

    @Bean
    NewTopic jobsTopic(TopicProperties topics) {
        return TopicBuilder.name(Topics.JOBS).partitions(topics.partitions()).replicas(topics.replicas()).build();
    }

    @Bean
    NewTopic controlTopic(TopicProperties topics) {
        return TopicBuilder.name(Topics.CONTROL).partitions(1).replicas(topics.replicas()).build();
    }

    /**
     * Values arrive as {@link EventEnvelope} JSON. A record that does not parse reaches the listener with
     * a null value and the reason in a header, instead of stopping the consumer; either way the value's bytes
     * stay in a header, for the dead-letter topic ({@link EventValueDeserializer}).
     */
    @Bean
    @SuppressWarnings({"rawtypes", "unchecked"})
    DefaultKafkaConsumerFactoryCustomizer envelopeDeserializer() {
        return factory -> factory.setValueDeserializerSupplier(KafkaConfiguration::valueDeserializer);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Deserializer valueDeserializer() {
        return new EventValueDeserializer<>(
                new JacksonJsonDeserializer<>(EventEnvelope.class, EventJson.mapper(), false));
    }

    /**
     * The outbox relay sends JSON it stored as bytes, and so does the dead-letter publisher (a rejected record's
     * bytes as they came); anything else is written as JSON.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer envelopeSerializer() {
        return factory -> factory.setValueSerializerSupplier(KafkaConfiguration::valueSerializer);
    }

    /** The producer sends records as large as {@link Topics#EVENTS_DEAD_LETTER} takes. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer deadLetterSize() {
        return factory -> factory.updateConfigs(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEAD_LETTER_MAX_BYTES));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Serializer valueSerializer() {
        JacksonJsonSerializer<Object> json = new JacksonJsonSerializer<>(EventJson.mapper());
        json.setAddTypeInfo(false);
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(Object.class, json);
        return new DelegatingByTypeSerializer(byType, true);
    }
}
