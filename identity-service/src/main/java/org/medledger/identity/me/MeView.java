package org.medledger.identity.me;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.medledger.identity.profile.Profile;
import org.medledger.identity.profile.Role;

/**
 * The caller's own profile.
 *
 * @param id user id (token subject)
 * @param email e-mail address
 * @param name display name
 * @param role primary MedLedger role: PATIENT, DOCTOR, ADMIN or AUDITOR
 * @param status ACTIVE; for doctors PENDING, APPROVED or REJECTED
 * @param roles the MedLedger realm roles of the caller's token
 * @param gender as stated
 * @param address postal address
 * @param dateOfBirth date of birth
 * @param phone phone number
 * @param specialization doctors only
 * @param rejectionReason rejected doctors only
 * @param registeredAt when the account registered (or was first seen)
 */
@Schema(description = "The caller's own profile and roles")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeView(String id, String email, String name, String role, String status, List<String> roles,
        String gender, String address, LocalDate dateOfBirth, String phone, String specialization,
        String rejectionReason, Instant registeredAt) {

    static MeView of(Profile profile, Set<String> tokenRoles) {
        List<String> roles = Role.realmRoles().stream().filter(tokenRoles::contains).sorted().toList();
        String rejection = profile.decision() == null ? null : profile.decision().reason();
        return new MeView(profile.userId(), profile.email(), profile.name(), profile.role().name(), profile.status().name(),
                roles, profile.gender() == null ? null : profile.gender().name(), profile.address(), profile.birthDate(),
                profile.phone(), profile.specialization(), rejection, profile.registeredAt());
    }
}
