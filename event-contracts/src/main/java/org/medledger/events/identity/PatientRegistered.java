package org.medledger.events.identity;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A patient registered (or a patient account was first seen in Keycloak); carries what notification needs to
 * reach them.
 *
 * @param patientId Keycloak subject of the patient
 * @param name Display name
 * @param email E-mail address used for notifications
 */
@EventType(value = "org.medledger.identity.patient-registered.v1", topic = Topics.IDENTITY)
public record PatientRegistered(
        String patientId,
        String name,
        String email) implements DomainEvent {

    @Override
    public String aggregateId() {
        return patientId;
    }
}
