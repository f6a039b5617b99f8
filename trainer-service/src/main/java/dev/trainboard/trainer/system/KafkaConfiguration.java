package dev.trainboard.trainer.system;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.jobs.JobPartitionsListener;
import dev.trainboard.trainer.jobs.RegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring: envelopes as JSON through the contract's mapper, the job listener's container (manual
 * acknowledgment, one consumer feeding every training slot), the control listener's container, and the dead-letter paths
 * for the records of both that the trainer refuses.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Envelopes as JSON; raw bytes pass through unchanged, for records copied to a dead-letter topic. */
    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaProducerFactoryCustomizer envelopeSerializer() {
        Map<Class<?>, Serializer<?>> byType = Map.of(
                EventEnvelope.class, new JacksonJsonSerializer<EventEnvelope>(EventJson.mapper()).noTypeInfo(),
                byte[].class, new ByteArraySerializer());
        return factory -> ((DefaultKafkaProducerFactory<Object, Object>) factory)
                .setValueSerializerSupplier(() -> new DelegatingByTypeSerializer(byType));
    }

    /** A record that is not a valid envelope surfaces as an error for the error handler instead of a poll loop. */
    @Bean
    @SuppressWarnings("unchecked")
    DefaultKafkaConsumerFactoryCustomizer envelopeDeserializer() {
        return factory -> ((DefaultKafkaConsumerFactory<Object, EventEnvelope>) factory)
                .setValueDeserializerSupplier(() -> new ErrorHandlingDeserializer<>(
                        new JacksonJsonDeserializer<>(EventEnvelope.class, EventJson.mapper(), false)));
    }

    /**
     * The job listener's container: one consumer for all of this trainer's slots (a consumer per slot would
     * leave a partition assigned to a busy one waiting while another slot is free); the offset is acknowledged
     * by the job's thread once its terminal status is on the broker.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> jobContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            JobPartitionsListener partitionsListener, KafkaOperations<Object, Object> kafka) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.setConcurrency(1);
        factory.getContainerProperties().setAckMode(AckMode.MANUAL);
        factory.getContainerProperties().setConsumerRebalanceListener(partitionsListener);
        // Two quick retries for a passing hiccup (Kafka briefly refusing the claim commit); a refused record is not
        // retried at all; while the registry cannot answer, the job waits for it as long as it takes.
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(
                new DeadLetterRecoverer(kafka, Topics.JOBS_DEAD_LETTER), new FixedBackOff(1000L, 2L));
        ExponentialBackOff registryBackOff = new ExponentialBackOff(1000L, 2.0);
        registryBackOff.setMaxInterval(10_000L);
        errorHandler.setBackOffFunction((record, exception) ->
                causedBy(exception, RegistryUnavailableException.class) ? registryBackOff : null);
        errorHandler.addNotRetryableExceptions(RejectedRecordException.class);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }

    /**
     * The control listener's containers: offsets committed after each batch, so a restarted instance resumes
     * where it stopped; a record that is not a valid cancel request goes to the control topic's dead letters.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> controlContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            KafkaOperations<Object, Object> kafka) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(
                new DeadLetterRecoverer(kafka, Topics.CONTROL_DEAD_LETTER), new FixedBackOff(1000L, 2L));
        errorHandler.addNotRetryableExceptions(RejectedRecordException.class);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }

    @Bean
    NewTopic jobsDeadLetterTopic() {
        return TopicBuilder.name(Topics.JOBS_DEAD_LETTER).partitions(1).build();
    }

    @Bean
    NewTopic controlDeadLetterTopic() {
        return TopicBuilder.name(Topics.CONTROL_DEAD_LETTER).partitions(1).build();
    }

    private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
