package org.medledger.events.access;

import java.time.Instant;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * The one-time code that lets the patient authorise an access request through the doctor. Sensitive: the codes topic is readable only by notification-service.
 *
 * @param requestId Access request id
 * @param reportId Report id
 * @param patientId The patient, who receives the code
 * @param doctorId The asking doctor
 * @param code The one-time code
 * @param expiresAt When the code expires
 */
@EventType(value = "org.medledger.access.access-code-issued.v1", topic = Topics.CODES)
public record AccessCodeIssued(
        String requestId,
        String reportId,
        String patientId,
        String doctorId,
        String code,
        Instant expiresAt) implements DomainEvent {

    @Override
    public String aggregateId() {
        return requestId;
    }

    /** Without the code: a logged or printed event must not leak it. */
    @Override
    public String toString() {
        return "AccessCodeIssued[requestId=" + requestId + ", reportId=" + reportId + ", patientId=" + patientId
                + ", doctorId=" + doctorId + ", code=(redacted), expiresAt=" + expiresAt + "]";
    }
}
