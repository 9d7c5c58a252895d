package org.medledger.identity.doctor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.medledger.identity.profile.Profile;

/**
 * A doctor awaiting approval, as admins see them to decide.
 *
 * @param id user id
 * @param name display name
 * @param email e-mail address, to contact the doctor
 * @param specialization specialization code
 * @param gender as stated
 * @param phone contact phone
 * @param registeredAt when the doctor registered
 */
@Schema(description = "A doctor awaiting an admin's decision")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingDoctor(String id, String name, String email, String specialization, String gender, String phone,
        Instant registeredAt) {

    static PendingDoctor of(Profile profile) {
        return new PendingDoctor(profile.userId(), profile.name(), profile.email(), profile.specialization(),
                profile.gender() == null ? null : profile.gender().name(), profile.phone(), profile.registeredAt());
    }
}
