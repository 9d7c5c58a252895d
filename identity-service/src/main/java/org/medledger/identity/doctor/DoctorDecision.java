package org.medledger.identity.doctor;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.medledger.identity.profile.Profile;

/**
 * A doctor's status after an admin's decision.
 *
 * @param id the doctor's user id
 * @param status APPROVED or REJECTED
 * @param reason rejections only
 */
@Schema(description = "A doctor's status after an admin's decision")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DoctorDecision(String id, String status, String reason) {

    static DoctorDecision of(Profile profile) {
        return new DoctorDecision(profile.userId(), profile.status().name(),
                profile.decision() == null ? null : profile.decision().reason());
    }
}
