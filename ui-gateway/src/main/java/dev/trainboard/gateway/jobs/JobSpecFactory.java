package dev.trainboard.gateway.jobs;

import dev.trainboard.events.Dataset;
import dev.trainboard.events.JobSpec;
import dev.trainboard.gateway.system.FieldViolation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;

/** Turns a request into a complete {@link JobSpec} and reports every constraint the result breaks. */
@Component
public class JobSpecFactory {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Validator validator;
    private final SecureRandom random = new SecureRandom();

    JobSpecFactory(Validator validator) {
        this.validator = validator;
    }

    /** The spec a request asks for, with a generated run name when it gives none. */
    public JobSpec resolve(JobRequest request, String sweep) {
        JobSpec spec = request.toSpec(request.runName(), sweep);
        return request.runName() != null ? spec : request.toSpec(generateRunName(spec.dataset()), sweep);
    }

    /** What is wrong with a spec, by JobSpec property name, in a stable order. */
    public List<FieldViolation> violations(JobSpec spec) {
        return validator.validate(spec).stream()
                .map(JobSpecFactory::toViolation)
                .sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::rule))
                .toList();
    }

    private static FieldViolation toViolation(ConstraintViolation<JobSpec> violation) {
        String rule = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return new FieldViolation(violation.getPropertyPath().toString(), rule, violation.getMessage());
    }

    /** e.g. {@code mnist-20261127-170102-3fa2}: sortable by time, unique enough for humans submitting by hand. */
    private String generateRunName(Dataset dataset) {
        byte[] suffix = new byte[2];
        random.nextBytes(suffix);
        return dataset.wireName() + "-" + STAMP.format(Instant.now()) + "-" + HexFormat.of().formatHex(suffix);
    }
}
