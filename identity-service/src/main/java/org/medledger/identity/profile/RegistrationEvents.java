package org.medledger.identity.profile;

import org.medledger.events.DomainEvent;
import org.medledger.events.identity.DoctorRegistered;
import org.medledger.events.identity.PatientRegistered;
import org.medledger.events.identity.StaffAccountRegistered;

/** The event that announces a new account to the other services: one event type per kind of account. */
public final class RegistrationEvents {

    private RegistrationEvents() {
    }

    /**
     * {@code PatientRegistered}, {@code DoctorRegistered} (PENDING, or APPROVED for a doctor adopted with the doctor
     * role) or {@code StaffAccountRegistered} for an admin or auditor.
     *
     * @param email the lower-cased address notification writes to
     * @param specialization the doctor's specialization; ignored for other roles
     */
    public static DomainEvent registered(String userId, Role role, String name, String email, String specialization,
            ProfileStatus status) {
        return switch (role) {
            case PATIENT -> new PatientRegistered(userId, name, email);
            case DOCTOR -> new DoctorRegistered(userId, name, email, specialization,
                    status == ProfileStatus.APPROVED ? DoctorRegistered.Status.APPROVED : DoctorRegistered.Status.PENDING);
            case ADMIN -> new StaffAccountRegistered(userId, StaffAccountRegistered.Role.ADMIN, name, email);
            case AUDITOR -> new StaffAccountRegistered(userId, StaffAccountRegistered.Role.AUDITOR, name, email);
        };
    }
}
