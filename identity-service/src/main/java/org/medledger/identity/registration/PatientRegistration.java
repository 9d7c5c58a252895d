package org.medledger.identity.registration;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.medledger.identity.profile.BirthDate;
import org.medledger.identity.profile.Gender;
import org.medledger.identity.profile.ProfileConstraints;
import org.medledger.identity.profile.Role;

/** A patient's registration. */
@Schema(description = "A patient's registration")
public record PatientRegistration(
        @Schema(description = "Full name", example = "Paula Patient")
        @NotBlank @Size(max = ProfileConstraints.NAME_MAX)
        @Pattern(regexp = ProfileConstraints.NAME, message = ProfileConstraints.NAME_MESSAGE) String name,
        @Schema(description = "E-mail address; unique, case-insensitively; also the login", example = "paula@example.org")
        @NotBlank @Size(max = ProfileConstraints.EMAIL_MAX)
        @Email(regexp = ProfileConstraints.EMAIL, message = "must be a well-formed e-mail address") String email,
        @Schema(description = "Password; Keycloak's password policy decides whether it is acceptable. Never stored by MedLedger",
                accessMode = Schema.AccessMode.WRITE_ONLY, format = "password")
        @NotBlank @Size(max = 128) String password,
        @Schema(description = "FEMALE, MALE, OTHER or UNDISCLOSED (any case)", example = "FEMALE")
        @NotBlank @Pattern(regexp = Gender.PATTERN, message = "must be one of FEMALE, MALE, OTHER, UNDISCLOSED") String gender,
        @Schema(description = "Postal address", example = "1 Main Street, Springfield")
        @NotBlank @Size(max = ProfileConstraints.ADDRESS_MAX)
        @Pattern(regexp = ProfileConstraints.ADDRESS, message = ProfileConstraints.ADDRESS_MESSAGE) String address,
        @Schema(description = "Date of birth (ISO-8601), not in the future", example = "1990-04-21")
        @NotNull @BirthDate LocalDate dateOfBirth,
        @Schema(description = "Phone number", example = "+44 20 7946 0000")
        @NotBlank @Size(max = 30)
        @Pattern(regexp = ProfileConstraints.PHONE, message = ProfileConstraints.PHONE_MESSAGE) String phone)
        implements NewUser {

    @Override
    public String specialization() {
        return null;
    }

    @Override
    public Role role() {
        return Role.PATIENT;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "PatientRegistration[password=***]";
    }
}
