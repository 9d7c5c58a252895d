package org.medledger.identity.me;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.identity.profile.BirthDate;
import org.medledger.identity.profile.Gender;
import org.medledger.identity.profile.ProfileConstraints;

/**
 * Changes to the caller's profile: absent (or null) fields stay as they are. Fields that are not editable (e-mail,
 * specialization, role, status, ...) are refused, not silently ignored.
 *
 * @param others any other field of the request, to refuse it
 */
@Schema(description = "Changes to the caller's profile; absent fields stay as they are")
public record ProfileChanges(
        @Schema(description = "Full name", example = "Paula Patient-Smith")
        @Size(min = 1, max = ProfileConstraints.NAME_MAX)
        @Pattern(regexp = ProfileConstraints.NAME, message = ProfileConstraints.NAME_MESSAGE) String name,
        @Schema(description = "Phone number", example = "+44 20 7946 0002")
        @Size(max = 30) @Pattern(regexp = ProfileConstraints.PHONE, message = ProfileConstraints.PHONE_MESSAGE) String phone,
        @Schema(description = "Postal address")
        @Size(min = 1, max = ProfileConstraints.ADDRESS_MAX)
        @Pattern(regexp = ProfileConstraints.ADDRESS, message = ProfileConstraints.ADDRESS_MESSAGE) String address,
        @Schema(description = "FEMALE, MALE, OTHER or UNDISCLOSED")
        @Pattern(regexp = Gender.PATTERN, message = "must be one of FEMALE, MALE, OTHER, UNDISCLOSED") String gender,
        @Schema(description = "Date of birth (ISO-8601), not in the future")
        @BirthDate LocalDate dateOfBirth,
        @Schema(hidden = true) @JsonAnySetter Map<String, Object> others) {

    boolean isEmpty() {
        return name == null && phone == null && address == null && gender == null && dateOfBirth == null;
    }

    /** Fields that are not editable here. */
    Set<String> refused() {
        return others == null ? Set.of() : new TreeSet<>(others.keySet());
    }
}
