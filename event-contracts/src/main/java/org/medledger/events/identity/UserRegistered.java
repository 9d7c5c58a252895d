package org.medledger.events.identity;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A user registered (or was first seen) in MedLedger; carries what notification needs to reach them.
 *
 * @param userId Keycloak subject of the user
 * @param role Role the user registered for
 * @param name Display name
 * @param email E-mail address used for notifications
 * @param status Doctors start PENDING until approved
 */
@EventType(value = "org.medledger.identity.user-registered.v1", topic = Topics.IDENTITY)
public record UserRegistered(
        String userId,
        Role role,
        String name,
        String email,
        Status status) implements DomainEvent {

    /** Role the user registered for. */
    public enum Role { PATIENT, DOCTOR, ADMIN, AUDITOR }

    /** Doctors start PENDING until approved. */
    public enum Status { ACTIVE, PENDING }

    @Override
    public String aggregateId() {
        return userId;
    }
}
