package dev.trainboard.gateway.jobs;

import dev.trainboard.events.Dataset;
import dev.trainboard.events.JobSpec;
import dev.trainboard.gateway.system.FieldViolation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        return resolve(request, sweep, null);
    }

    /**
     * The spec a request asks for. Without a run name it gets a generated one; with an idempotency key that name is
     * derived from the key, so that a retry of the same body asks for the very same spec (and gets the first job)
     * while another body under the key differs from it.
     */
    public JobSpec resolve(JobRequest request, String sweep, String idempotencyKey) {
        JobSpec spec = request.toSpec(request.runName(), sweep);
        if (request.runName() != null) {
            return spec;
        }
        String generated = idempotencyKey == null ? generateRunName(spec.dataset())
                : keyedRunName(spec.dataset(), idempotencyKey);
        return request.toSpec(generated, sweep);
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

    /** e.g. {@code mnist-key-5e8f0b6d9c2a}: the same for every retry under one key. */
    private static String keyedRunName(Dataset dataset, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return dataset.wireName() + "-key-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** e.g. {@code mnist-20261127-170102-3fa2}: sortable by time, unique enough for humans submitting by hand. */
    private String generateRunName(Dataset dataset) {
        byte[] suffix = new byte[2];
        random.nextBytes(suffix);
        return dataset.wireName() + "-" + STAMP.format(Instant.now()) + "-" + HexFormat.of().formatHex(suffix);
    }
}
