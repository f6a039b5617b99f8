package dev.trainboard.trainer.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.CancelRequested;
import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.ProgressReported;
import dev.trainboard.events.Topics;
import dev.trainboard.trainer.EventCollector;
import dev.trainboard.trainer.FakeJobRegistry;
import dev.trainboard.trainer.MnistTestData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A trainer with two slots and one consumer: two jobs of two partitions train at the same time, and a job of a
 * killed trainer starts on the free slot while the other slot's job goes on, instead of waiting for it to end.
 * The jobs are long (50 epochs) and cancelled at the end, so none can end before the assertions are made.
 */
@SpringBootTest(properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "server.port=0",
    "trainboard.trainer.slots=2",
    "trainboard.trainer.fashion-mnist-system-dir=/nonexistent/fashion-mnist",
    "trainboard.trainer.progress-interval=200ms",
    "trainboard.trainer.instance-id=slots-test",
    "trainboard.artifacts.root=target/slots-artifacts"})
@EmbeddedKafka(topics = {Topics.JOBS, Topics.CONTROL, Topics.EVENTS}, partitions = 3)
class TrainingSlotsIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final FakeJobRegistry registry = FakeJobRegistry.start();
    private static EventCollector events;
    private static KafkaProducer<String, String> producer;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void dataDirAndRegistry(DynamicPropertyRegistry properties) {
        registry.configure(properties);
    }

    @BeforeAll
    static void clients(@Autowired EmbeddedKafkaBroker broker) {
        events = new EventCollector(broker.getBrokersAsString(), Topics.EVENTS);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeClients() {
        events.close();
        producer.close();
        registry.close();
    }

    @Test
    void twoSlotsTrainTwoJobsOfTwoPartitionsAtTheSameTime() {
        awaitAssigned(Set.of(0, 1, 2));
        UUID first = submit(0, "first");
        UUID second = submit(1, "second");

        await().atMost(TIMEOUT).until(() -> progressReports(first) >= 1 && progressReports(second) >= 1);
        int firstBefore = progressReports(first);
        int secondBefore = progressReports(second);
        // Both keep advancing in the same stretch of time: neither waits for the other's slot.
        await().atMost(TIMEOUT).until(() -> progressReports(first) >= firstBefore + 3
                && progressReports(second) >= secondBefore + 3);
        assertThat(events.terminal(first)).isNull();
        assertThat(events.terminal(second)).isNull();

        cancelAndAwait(first, second);
    }

    @Test
    void theNextJobOfAPartitionStartsWhenItsPredecessorEnds() {
        awaitAssigned(Set.of(0, 1, 2));
        UUID first = submit(2, MnistTestData.slice("short", 1, 200, 100, 100, 1));
        UUID next = submit(2, MnistTestData.slice("next", 1, 200, 100, 100, 1));

        await().atMost(TIMEOUT).until(() -> events.terminal(first) != null);
        assertThat(events.terminal(first).status()).isEqualTo(JobStatus.SUCCEEDED);
        await().atMost(TIMEOUT).until(() -> events.terminal(next) != null);
        assertThat(events.terminal(next).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aKilledTrainersJobStartsOnTheFreeSlotWhileTheBusyOneTrains() throws Exception {
        awaitAssigned(Set.of(0, 1, 2));
        // Another trainer joins the group and is given one partition; this trainer keeps the others.
        try (KafkaConsumer<String, String> other = otherTrainer()) {
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                other.poll(Duration.ofMillis(100));
                return !other.assignment().isEmpty() && assignedHere().size() + other.assignment().size() == 3;
            });
            TopicPartition othersPartition = other.assignment().iterator().next();
            int ownPartition = assignedHere().iterator().next();

            UUID busy = submit(ownPartition, "busy");
            await().atMost(TIMEOUT).until(() -> progressReports(busy) >= 1);

            // The other trainer starts a job, claims its attempt as a trainer does, and is killed: no leave request,
            // so the group notices only when its session times out, as after kill -9.
            UUID orphan = submit(othersPartition.partition(), "orphan");
            ConsumerRecord<String, String> taken = null;
            while (taken == null) {
                taken = other.poll(Duration.ofMillis(100)).records(othersPartition).stream().findFirst().orElse(null);
            }
            other.commitSync(Map.of(othersPartition, AttemptClaims.marker(taken.offset(), orphan, 1)));
            other.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            Instant killed = Instant.now();

            await().atMost(TIMEOUT).until(() -> events.hasStatus(orphan, JobStatus.RUNNING, 2));
            System.out.printf("the killed trainer's job started here %d ms after the kill%n",
                    Duration.between(killed, Instant.now()).toMillis());
            assertThat(events.terminal(busy)).as("the busy slot's job is still training").isNull();
            int busyReports = progressReports(busy);
            await().atMost(TIMEOUT).until(() -> progressReports(orphan) >= 2 && progressReports(busy) > busyReports);

            cancelAndAwait(busy, orphan);
        }
    }

    /** Waits until this trainer's consumer holds exactly these partitions of the jobs topic. */
    private void awaitAssigned(Set<Integer> partitions) {
        await().atMost(TIMEOUT).until(() -> assignedHere().equals(partitions));
    }

    private Set<Integer> assignedHere() {
        var assigned = listeners.getListenerContainer(JobListener.LISTENER_ID).getAssignedPartitions();
        return assigned == null ? Set.of() : assigned.stream().map(TopicPartition::partition)
                .collect(Collectors.toSet());
    }

    /** A consumer of the trainers' group, assigned as a trainer is. */
    private KafkaConsumer<String, String> otherTrainer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "trainer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.JOBS));
        return consumer;
    }

    private static int progressReports(UUID job) {
        return events.payloads(job, ProgressReported.class).size();
    }

    private static void cancelAndAwait(UUID... jobs) {
        for (UUID job : jobs) {
            send(Topics.CONTROL, null, job, new CancelRequested("enough"));
        }
        for (UUID job : jobs) {
            await().atMost(TIMEOUT).until(() -> events.terminal(job) != null);
            assertThat(events.terminal(job).status()).isEqualTo(JobStatus.CANCELLED);
        }
    }

    /** A job long enough to outlast the test (it is cancelled), registered and sent to one partition. */
    private static UUID submit(int partition, String runName) {
        return submit(partition, MnistTestData.slice(runName, 50, 20000, 100, 100, 50));
    }

    private static UUID submit(int partition, JobSpec spec) {
        UUID job = UUID.randomUUID();
        registry.register(job, spec);
        send(Topics.JOBS, partition, job, new JobSubmitted(spec));
        return job;
    }

    private static void send(String topic, Integer partition, UUID job, EventPayload payload) {
        String value = EventJson.mapper().writeValueAsString(EventEnvelope.of(job, 1, payload));
        try {
            producer.send(new ProducerRecord<>(topic, partition, job.toString(), value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
