package dev.trainboard.metrics.bench;

import dev.trainboard.metrics.MetricsServiceApplication;
import dev.trainboard.metrics.support.TestDatabase;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The metrics service a benchmark measures, on the benchmark's own broker, database and log dir. */
final class BenchService {

    private BenchService() {
    }

    /** Starts the service; its scalar writer keeps rollups through a {@link SwitchableRollupWriter}, which is on. */
    static ConfigurableApplicationContext start(EmbeddedKafkaKraftBroker broker, TestDatabase database, Path logdir) {
        // Command-line arguments outrank application.yml, so the service cannot fall back to its defaults. It logs as
        // deployed (logback-spring.xml), not as the tests do (logback-test.xml, first on this classpath).
        return new SpringApplicationBuilder(MetricsServiceApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean(
                        SwitchableRollupWriter.class, definition -> definition.setPrimary(true)))
                .run(
                "--server.port=0",
                "--logging.config=classpath:logback-spring.xml",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--trainboard.tensorboard.logdir=" + logdir,
                "--trainboard.internal-api.token=" + UUID.randomUUID(),
                "--logging.level.org.apache.kafka=warn",
                "--logging.level.kafka=warn");
    }
}
