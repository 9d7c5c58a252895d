package org.medledger.events.identity;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * An admin rejected a doctor's registration.
 *
 * @param doctorId Keycloak subject of the doctor
 * @param reason Why the registration was rejected
 * @param rejectedBy Admin who rejected
 */
@EventType(value = "org.medledger.identity.doctor-rejected.v1", topic = Topics.IDENTITY)
public record DoctorRejected(
        String doctorId,
        String reason,
        String rejectedBy) implements DomainEvent {

    @Override
    public String aggregateId() {
        return doctorId;
    }
}
