package dev.trainboard.trainer.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class AttemptClaimsTests {

    private static final UUID JOB = UUID.fromString("7d3f9a52-0c1e-4b8e-9a65-2f1d7c4e8b10");

    @Test
    void aFirstDeliveryIsAttemptOne() {
        assertThat(AttemptClaims.attemptFor(null, 5, JOB)).isEqualTo(1);
        assertThat(AttemptClaims.attemptFor(new OffsetAndMetadata(5), 5, JOB)).isEqualTo(1);
    }

    @Test
    void aClaimOnTheSameOffsetAndJobMeansTheNextAttempt() {
        assertThat(AttemptClaims.attemptFor(AttemptClaims.marker(5, JOB, 1), 5, JOB)).isEqualTo(2);
        assertThat(AttemptClaims.attemptFor(AttemptClaims.marker(5, JOB, 2), 5, JOB)).isEqualTo(3);
    }

    @Test
    void aClaimOfAnotherOffsetOrJobDoesNotCount() {
        assertThat(AttemptClaims.attemptFor(AttemptClaims.marker(4, JOB, 1), 5, JOB)).isEqualTo(1);
        assertThat(AttemptClaims.attemptFor(AttemptClaims.marker(5, UUID.randomUUID(), 3), 5, JOB)).isEqualTo(1);
        assertThat(AttemptClaims.attemptFor(new OffsetAndMetadata(5, "trainboard-claim garbage"), 5, JOB))
                .isEqualTo(1);
    }
}
