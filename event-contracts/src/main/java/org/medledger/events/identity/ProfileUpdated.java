package org.medledger.events.identity;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A user changed the editable fields of their profile.
 *
 * @param userId Keycloak subject of the user
 * @param name Display name
 * @param email E-mail address
 */
@EventType(value = "org.medledger.identity.profile-updated.v1", topic = Topics.IDENTITY)
public record ProfileUpdated(
        String userId,
        String name,
        String email) implements DomainEvent {

    @Override
    public String aggregateId() {
        return userId;
    }
}
