package dev.trainboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobSpecValidationTests {

    private final Validator validator = Validation.byDefaultProvider().configure()
            // No expression language on the test class path; parameter interpolation is enough here.
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory().getValidator();

    @Test
    void tutorialSpecIsValid() {
        assertThat(validator.validate(JobSpec.tutorial("mnist1"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "", ".hidden", "-dash", "with space"})
    void badRunNamesAreRejected(String name) {
        assertThat(violatedFields(JobSpec.tutorial(name))).containsExactly("runName");
        assertThat(RunName.isValid(name)).isFalse();
    }

    @Test
    void runNameLongerThan64IsRejected() {
        assertThat(RunName.isValid("a".repeat(64))).isTrue();
        assertThat(RunName.isValid("a".repeat(65))).isFalse();
        assertThat(RunName.isValid("a".repeat(10_000))).isFalse();
    }

    @Test
    void outOfRangeNumbersNameTheirFields() {
        JobSpec spec = new JobSpec("r", Dataset.MNIST, 0, 60001, 0.0, 4097, Optimizer.SGD, 1, Device.CPU, 0,
                0, 10001, null, JobSpec.CHECKPOINT_MIN_STEPS - 1);

        assertThat(violatedFields(spec)).containsExactlyInAnyOrder("epochs", "batchSize", "learningRate",
                "hiddenSize", "logEverySteps", "trainLimit", "testLimit", "checkpointEverySteps");
    }

    @Test
    void statusNeverMovesBackwards() {
        assertThat(JobStatus.QUEUED.mayMoveTo(JobStatus.RUNNING, 1, 1)).isTrue();
        assertThat(JobStatus.RUNNING.mayMoveTo(JobStatus.SUCCEEDED, 1, 1)).isTrue();
        assertThat(JobStatus.SUCCEEDED.mayMoveTo(JobStatus.RUNNING, 1, 1)).isFalse();
        assertThat(JobStatus.RUNNING.mayMoveTo(JobStatus.QUEUED, 1, 1)).isFalse();
        assertThat(JobStatus.RUNNING.mayMoveTo(JobStatus.RUNNING, 1, 2)).isTrue();
        assertThat(JobStatus.RUNNING.mayMoveTo(JobStatus.SUCCEEDED, 2, 1)).isFalse();
        assertThat(JobStatus.CANCELLED.mayMoveTo(JobStatus.RUNNING, 1, 2)).isFalse();
    }

    private Set<String> violatedFields(JobSpec spec) {
        Set<ConstraintViolation<JobSpec>> violations = validator.validate(spec);
        return violations.stream().map(v -> v.getPropertyPath().toString()).collect(Collectors.toSet());
    }
}
