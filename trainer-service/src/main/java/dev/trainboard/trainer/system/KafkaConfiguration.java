package dev.trainboard.trainer.system;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.jobs.InvalidJobException;
import dev.trainboard.trainer.jobs.JobPartitionsListener;
import dev.trainboard.trainer.jobs.UnrunnableJobRecoverer;
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
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring: envelopes as JSON through the contract's mapper, the job listener's container (manual
 * acknowledgment, one consumer per training slot), and the dead-letter path for jobs that cannot run.
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
     * The job listener's containers: one consumer per slot, each holding at most one job; the offset is
     * acknowledged by the job's thread once its terminal status is on the broker.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> jobContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory,
            TrainerProperties properties, JobPartitionsListener partitionsListener, UnrunnableJobRecoverer recoverer) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.setConcurrency(properties.slots());
        factory.getContainerProperties().setAckMode(AckMode.MANUAL);
        factory.getContainerProperties().setConsumerRebalanceListener(partitionsListener);
        // Two quick retries for a passing hiccup (Kafka briefly refusing the claim commit); a job that
        // cannot be read or validated is not retried at all.
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, new FixedBackOff(1000L, 2L));
        errorHandler.addNotRetryableExceptions(InvalidJobException.class);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }

    /** The control listener's containers: a private consumer group that never commits. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> controlContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumerFactory);
        factory.getContainerProperties().setAckMode(AckMode.MANUAL);
        return factory;
    }

    @Bean
    NewTopic jobsDeadLetterTopic() {
        return TopicBuilder.name(Topics.JOBS_DEAD_LETTER).partitions(1).build();
    }
}
