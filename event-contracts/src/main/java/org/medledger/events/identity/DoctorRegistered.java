package org.medledger.events.identity;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A doctor registered (PENDING until an admin decides), or a doctor account holding the doctor role was first seen
 * in Keycloak (APPROVED, followed by {@link DoctorApproved}).
 *
 * @param doctorId Keycloak subject of the doctor
 * @param name Display name
 * @param email E-mail address used for notifications
 * @param specialization Specialization code
 * @param status PENDING for a new registration, APPROVED for an account adopted with the doctor role
 */
@EventType(value = "org.medledger.identity.doctor-registered.v1", topic = Topics.IDENTITY)
public record DoctorRegistered(
        String doctorId,
        String name,
        String email,
        String specialization,
        Status status) implements DomainEvent {

    /** PENDING for a new registration, APPROVED for an account adopted with the doctor role. */
    public enum Status { PENDING, APPROVED }

    @Override
    public String aggregateId() {
        return doctorId;
    }
}
