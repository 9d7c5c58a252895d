package org.medledger.identity.doctor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.medledger.identity.profile.Profile;

/**
 * What the public directory shows of an approved doctor, and nothing more.
 *
 * @param id the doctor's user id (what bookings name the doctor by)
 * @param name display name
 * @param specialization specialization code
 * @param gender as the doctor stated it, absent when unknown
 * @param phone contact phone, absent when unknown
 */
@Schema(description = "An approved doctor as the public directory shows them: never e-mail, address or birth date")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DirectoryEntry(
        @Schema(description = "The doctor's user id") String id,
        @Schema(description = "Display name", example = "Dana Doctor") String name,
        @Schema(description = "Specialization code", example = "cardiology") String specialization,
        @Schema(description = "FEMALE, MALE, OTHER or UNDISCLOSED; absent when unknown") String gender,
        @Schema(description = "Contact phone; absent when unknown", example = "+442079460001") String phone) {

    static DirectoryEntry of(Profile profile) {
        return new DirectoryEntry(profile.userId(), profile.name(), profile.specialization(),
                profile.gender() == null ? null : profile.gender().name(), profile.phone());
    }
}
