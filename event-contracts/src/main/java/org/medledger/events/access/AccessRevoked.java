package org.medledger.events.access;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * The patient revoked a grant before it expired.
 *
 * @param requestId Access request id of the grant
 * @param reportId Report id
 * @param patientId The patient
 * @param doctorId The doctor who loses access
 */
@EventType(value = "org.medledger.access.access-revoked.v1", topic = Topics.ACCESS)
public record AccessRevoked(
        String requestId,
        String reportId,
        String patientId,
        String doctorId) implements DomainEvent {

    @Override
    public String aggregateId() {
        return requestId;
    }
}
