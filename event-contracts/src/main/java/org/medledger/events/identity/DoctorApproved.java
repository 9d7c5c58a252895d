package org.medledger.events.identity;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * An admin approved a doctor: the doctor appears in the directory and may act as doctor.
 *
 * @param doctorId Keycloak subject of the doctor
 * @param name Display name
 * @param specialization Specialization code
 * @param approvedBy Admin who approved
 */
@EventType(value = "org.medledger.identity.doctor-approved.v1", topic = Topics.IDENTITY)
public record DoctorApproved(
        String doctorId,
        String name,
        String specialization,
        String approvedBy) implements DomainEvent {

    @Override
    public String aggregateId() {
        return doctorId;
    }
}
