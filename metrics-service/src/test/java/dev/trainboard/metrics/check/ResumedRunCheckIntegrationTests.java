package dev.trainboard.metrics.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainboard.events.JobSpec;
import dev.trainboard.events.JobStatusChanged;
import dev.trainboard.events.ScalarPoint;
import dev.trainboard.events.ScalarsLogged;
import dev.trainboard.events.api.JobView;
import dev.trainboard.events.api.RegisterJobRequest;
import dev.trainboard.metrics.support.Api;
import dev.trainboard.metrics.support.DatabasePerClass;
import dev.trainboard.metrics.support.EventFiles;
import dev.trainboard.metrics.support.ServiceContexts;
import dev.trainboard.metrics.tensorboard.LiveRuns;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A resumed attempt: the service deleted the earlier attempt's rows from the resume step on, while the earlier
 * attempt's file keeps them (TensorBoard drops them at the restart marker); the check compares as TensorBoard
 * reads, so the run has no difference.
 */
class ResumedRunCheckIntegrationTests {

    @TempDir
    static Path workDir;

    @RegisterExtension
    static final DatabasePerClass databases = new DatabasePerClass();

    @Test
    void theStepsAResumedAttemptTookOverAreComparedAsTheResumedAttemptsOnly() throws Exception {
        Path logdir = workDir.resolve("runs");
        try (ConfigurableApplicationContext service = ServiceContexts.start(databases.get(), logdir);
                Connection connection = databases.get().connect()) {
            Api api = new Api(ServiceContexts.port(service));
            UUID job = Api.read(api.post("/internal/jobs", new RegisterJobRequest(JobSpec.tutorial("resumed"), null)),
                    JobView.class).id();
            ServiceContexts.send(service, job, 1, JobStatusChanged.running("cpu", "trainer-1"));
            ServiceContexts.send(service, job, 1, loss(0, 30));
            // The trainer died after step 29; the next attempt resumes from the checkpoint at step 20.
            ServiceContexts.send(service, job, 2, JobStatusChanged.resumed("cpu", "trainer-2", 20));
            ServiceContexts.send(service, job, 2, loss(20, 30));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> EventFiles.runScalars(logdir.resolve("resumed")).size() == 40);
            service.getBean(LiveRuns.class).close(job);

            // Attempt 1's file keeps steps 20-29, whose rows the resume deleted; TensorBoard drops them too.
            assertThat(new RunCheck(connection, logdir).differences("resumed", job)).isEmpty();
        }
    }

    private static ScalarsLogged loss(int from, int to) {
        return new ScalarsLogged(IntStream.range(from, to)
                .mapToObj(step -> new ScalarPoint("loss", step, 1.8e9 + step, step)).toList());
    }
}
