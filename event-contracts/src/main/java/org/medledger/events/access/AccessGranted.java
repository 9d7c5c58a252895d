package org.medledger.events.access;

import java.time.Instant;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * The patient approved (in the app or by giving the doctor the code): the doctor may read the report until the grant expires.
 *
 * @param requestId Access request id
 * @param reportId Report id
 * @param patientId The patient
 * @param doctorId The granted doctor
 * @param via How the patient approved
 * @param expiresAt When the grant expires
 */
@EventType(value = "org.medledger.access.access-granted.v1", topic = Topics.ACCESS)
public record AccessGranted(
        String requestId,
        String reportId,
        String patientId,
        String doctorId,
        Via via,
        Instant expiresAt) implements DomainEvent {

    /** How the patient approved. */
    public enum Via { APP, CODE }

    @Override
    public String aggregateId() {
        return requestId;
    }
}
