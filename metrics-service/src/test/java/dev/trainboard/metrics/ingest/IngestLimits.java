package dev.trainboard.metrics.ingest;

import java.time.Duration;

/** The bounds of application.yml, for tests that build admission's parts by hand. */
final class IngestLimits {

    private IngestLimits() {
    }

    static IngestProperties defaults() {
        return new IngestProperties(100, 100_000, 1_000_000, 8_388_608, 8192, 100_000, 1000, Duration.ofSeconds(10));
    }
}
