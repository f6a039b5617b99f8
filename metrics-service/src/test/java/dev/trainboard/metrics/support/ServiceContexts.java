package dev.trainboard.metrics.support;

import dev.trainboard.events.EventEnvelope;
import dev.trainboard.events.EventPayload;
import dev.trainboard.events.Topics;
import dev.trainboard.metrics.MetricsServiceApplication;
import dev.trainboard.metrics.tensorboard.UnsyncedRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;

/** Whole service instances started by a test, on a database and log dir the test chooses, as processes would be. */
public final class ServiceContexts {

    private ServiceContexts() {
    }

    /** Starts an instance on a random port; {@code more} are further {@code --name=value} arguments. */
    public static ConfigurableApplicationContext start(TestDatabase database, Path logdir, Path stagingDir,
            String... more) {
        return new SpringApplicationBuilder(MetricsServiceApplication.class).profiles("test").run(Stream.concat(
                Stream.of("--server.port=0",
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password(),
                        "--trainboard.tensorboard.logdir=" + logdir,
                        "--trainboard.tensorboard.staging-dir=" + stagingDir),
                Stream.of(more)).toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Publishes one event of the job, as a trainer does (keyed by the job id). */
    @SuppressWarnings("unchecked")
    public static void send(ConfigurableApplicationContext context, UUID job, int attempt, EventPayload payload) {
        context.getBean(KafkaTemplate.class).send(Topics.EVENTS, job.toString(), EventEnvelope.of(job, attempt, payload));
    }

    /** The job ids with an unsynced marker in the log dir. */
    public static List<String> markers(Path logdir) {
        Path directory = logdir.resolve(UnsyncedRuns.DIRECTORY);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> markers = Files.list(directory)) {
            return markers.map(marker -> marker.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
