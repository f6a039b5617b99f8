package dev.trainboard.metrics.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventJson;
import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatus;
import dev.trainboard.events.JobSubmitted;
import dev.trainboard.events.Topics;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.PortForwarder;
import dev.trainboard.metrics.support.TopicReader;
import dev.trainboard.metrics.support.WithTestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service starts against a broker that is not there yet; this class owns that broker and starts it late. */
@WithTestDatabase
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.kafka.listener.auto-startup=false", "spring.kafka.admin.auto-create=false"})
@ActiveProfiles("test")
@DirtiesContext
class OutboxIntegrationTests {

    private static final PortForwarder KAFKA = PortForwarder.onFreePort();

    @TempDir
    static Path workDir;

    private static final String RUN_WIDE_BROKERS = "spring.embedded.kafka.brokers";

    static EmbeddedKafkaKraftBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + KAFKA.port());
        registry.add("trainboard.tensorboard.logdir", () -> workDir.resolve("runs").toString());
    }

    @AfterAll
    static void stopBroker() throws IOException {
        KAFKA.close();
        if (broker != null) {
            broker.destroy();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    OutboxRepository outbox;

    @Test
    void aJobRegisteredWhileKafkaIsDownIsPublishedExactlyOnceWhenKafkaIsBack() throws IOException {
        Api api = new Api(port);
        JobSpec spec = JobSpec.tutorial("while-down");

        ResponseEntity<String> created = api.post("/internal/jobs", new RegisterJobRequest(spec, null));

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JobView job = Api.read(created, JobView.class);
        assertThat(Api.read(api.get("/internal/jobs/" + job.id()), JobView.class).status()).isEqualTo(JobStatus.QUEUED);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> outbox.countPending() == 1);

        broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.JOBS, Topics.CONTROL);
        // Keep the run-wide broker's address property untouched: the broker also sets it when it starts, and the
        // test classes after this one read it.
        String runWideBrokers = System.getProperty(RUN_WIDE_BROKERS);
        broker.brokerListProperty("outbox.test.brokers");
        broker.afterPropertiesSet();
        if (runWideBrokers != null) {
            System.setProperty(RUN_WIDE_BROKERS, runWideBrokers);
        }
        String address = broker.getBrokersAsString().split(",")[0];
        KAFKA.forwardTo(address.substring(0, address.lastIndexOf(':')),
                Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));

        await().atMost(Duration.ofSeconds(60)).until(() -> outbox.countPending() == 0);
        List<ConsumerRecord<String, byte[]>> published = TopicReader.expect(broker.getBrokersAsString(), Topics.JOBS,
                job.id().toString(), 1);
        EventEnvelope envelope = EventJson.mapper().readValue(published.get(0).value(), EventEnvelope.class);
        assertThat(envelope.payload()).isEqualTo(new JobSubmitted(spec));
    }
}
