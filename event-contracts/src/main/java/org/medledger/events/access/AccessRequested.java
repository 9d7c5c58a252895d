package org.medledger.events.access;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A doctor asked for access to a patient's report; the patient is asked in-app.
 *
 * @param requestId Access request id
 * @param reportId Report id
 * @param patientId The report's patient
 * @param doctorId The asking doctor
 * @param reason The doctor's reason
 */
@EventType(value = "org.medledger.access.access-requested.v1", topic = Topics.ACCESS)
public record AccessRequested(
        String requestId,
        String reportId,
        String patientId,
        String doctorId,
        String reason) implements DomainEvent {

    @Override
    public String aggregateId() {
        return requestId;
    }
}
