package org.medledger.identity.profile;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A plausible date of birth: not in the future, and not before 1900. "The future" is judged in the time zone that
 * is furthest ahead (UTC+14), so that a baby registered on the day of their birth is accepted wherever they are.
 * Null is valid (use {@code @NotNull} where the date is required).
 */
@Documented
@Constraint(validatedBy = BirthDate.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface BirthDate {

    String message() default "must not be in the future nor before 1900-01-01";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link BirthDate}. */
    class Validator implements ConstraintValidator<BirthDate, LocalDate> {

        static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            return value == null || (!value.isBefore(EARLIEST) && !value.isAfter(LocalDate.now(ZoneOffset.ofHours(14))));
        }
    }
}
