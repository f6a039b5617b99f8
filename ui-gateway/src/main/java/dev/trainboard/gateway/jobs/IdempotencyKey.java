package dev.trainboard.gateway.jobs;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rule for the {@code Idempotency-Key} header: 1 to 128 visible ASCII characters. The bound leaves room in the
 * metrics service's 200-character key for the suffix a sweep adds per job.
 */
@Pattern(regexp = "[\\x21-\\x7E]{1,128}")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface IdempotencyKey {

    /** The header's name. */
    String HEADER = "Idempotency-Key";

    String message() default "must be 1 to 128 visible ASCII characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
