package dev.trainboard.metrics.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds admission puts on one event (docs/architecture.md, "Admission"). They keep every accepted event
 * writable into PostgreSQL, a Kafka record and an event file, and cheap to rebuild.
 *
 * @param maxAttempt the highest attempt a job may reach
 * @param maxListLength entries of one list: scalar points of an event, histogram buckets, PR-curve thresholds,
 *     graph nodes, embedding points, hparams
 * @param maxEmbeddingValues points times dimensions of one embedding
 * @param maxImageBytes bytes of one PNG (image or sprite)
 * @param maxImageSide pixels of an image's (or sprite's) width and height
 * @param maxTextLength characters of a text summary's markdown or a status's error
 * @param maxNameLength characters of any other string: graph node names, labels, hparams, host
 * @param rejectSummaryInterval how often at most the summary of rejected records is logged
 */
@ConfigurationProperties("trainboard.ingest")
public record IngestProperties(
        @DefaultValue("100") int maxAttempt,
        @DefaultValue("100000") int maxListLength,
        @DefaultValue("1000000") int maxEmbeddingValues,
        @DefaultValue("8388608") int maxImageBytes,
        @DefaultValue("8192") int maxImageSide,
        @DefaultValue("100000") int maxTextLength,
        @DefaultValue("1000") int maxNameLength,
        @DefaultValue("10s") Duration rejectSummaryInterval) {
}
