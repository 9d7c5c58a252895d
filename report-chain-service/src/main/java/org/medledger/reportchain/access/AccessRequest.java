package org.medledger.reportchain.access;

import java.time.Instant;
import java.util.List;
import org.medledger.events.OutgoingEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A doctor's request for access to a report (SPEC flow 8), and, once approved, the grant itself.
 *
 * @param id random UUID
 * @param reportId the report
 * @param patientId the report's patient, who decides
 * @param doctorId the asking doctor
 * @param reason the doctor's reason, shown to the patient
 * @param status {@link Status}
 * @param codeSalt salt of the patient's one-time code, hex
 * @param codeHash HMAC-SHA256(salt, code), hex; the code itself only travels in {@code AccessCodeIssued}
 * @param codeExpiresAt when the code stops being accepted
 * @param codeAttempts wrong codes the doctor has tried
 * @param via how it was granted ({@code APP} or {@code CODE}), or null
 * @param grantExpiresAt when the grant ends, or null
 * @param createdAt when the doctor asked
 * @param decidedAt when the patient (or the code) decided, or null
 * @param revokedAt when the patient revoked the grant, or null
 * @param expiryRecordedAt when the grant's expiry was put on the ledger, or null
 * @param outbox events waiting for the relay
 */
@Document(AccessRequest.COLLECTION)
@CompoundIndex(name = "report_doctor_status", def = "{'reportId': 1, 'doctorId': 1, 'status': 1}")
@CompoundIndex(name = "doctor_status", def = "{'doctorId': 1, 'status': 1}")
record AccessRequest(@Id String id, String reportId, String patientId, String doctorId, String reason,
        Status status, String codeSalt, String codeHash, Instant codeExpiresAt, int codeAttempts, String via,
        Instant grantExpiresAt, Instant createdAt, Instant decidedAt, Instant revokedAt, Instant expiryRecordedAt,
        List<OutgoingEvent> outbox) {

    static final String COLLECTION = "access_requests";

    enum Status { PENDING, GRANTED, DENIED, REVOKED }

    /** Whether this is a grant in force at {@code now}. */
    boolean liveAt(Instant now) {
        return status == Status.GRANTED && grantExpiresAt != null && grantExpiresAt.isAfter(now);
    }
}
