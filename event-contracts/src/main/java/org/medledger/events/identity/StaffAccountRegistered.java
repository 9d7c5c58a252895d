package org.medledger.events.identity;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * An admin or auditor account (created in Keycloak by an operator, never through registration) was first seen in
 * MedLedger; notification alerts these accounts about integrity problems.
 *
 * @param userId Keycloak subject of the account
 * @param role ADMIN or AUDITOR
 * @param name Display name
 * @param email E-mail address used for notifications
 */
@EventType(value = "org.medledger.identity.staff-account-registered.v1", topic = Topics.IDENTITY)
public record StaffAccountRegistered(
        String userId,
        Role role,
        String name,
        String email) implements DomainEvent {

    /** ADMIN or AUDITOR. */
    public enum Role { ADMIN, AUDITOR }

    @Override
    public String aggregateId() {
        return userId;
    }
}
