package org.medledger.events.access;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * The patient refused an access request.
 *
 * @param requestId Access request id
 * @param reportId Report id
 * @param patientId The patient
 * @param doctorId The refused doctor
 */
@EventType(value = "org.medledger.access.access-denied.v1", topic = Topics.ACCESS)
public record AccessDenied(
        String requestId,
        String reportId,
        String patientId,
        String doctorId) implements DomainEvent {

    @Override
    public String aggregateId() {
        return requestId;
    }
}
