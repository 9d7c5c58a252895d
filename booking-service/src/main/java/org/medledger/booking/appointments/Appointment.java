package org.medledger.booking.appointments;

import java.time.Instant;
import java.util.List;
import org.medledger.events.OutgoingEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An appointment: a patient's claim on a doctor's slot, and the outbox of its events (relayed to Kafka by
 * service-support's {@code OutboxRelay}, written in the same single-document update as the state change).
 *
 * @param id appointment id (UUID; derived from the patient and the Idempotency-Key when one was sent)
 * @param slotId the booked slot
 * @param doctorId the doctor's user id
 * @param patientId the patient's user id
 * @param start start of the checkup (copied from the slot)
 * @param end end of the checkup
 * @param status lifecycle status
 * @param symptoms what the patient reported: patient data, never logged and never in an event
 * @param age the patient's age as given when booking
 * @param idempotencyKey the Idempotency-Key header of the booking request, if any
 * @param requestFingerprint SHA-256 of the booking request, to tell a replay from a reuse of the key
 * @param reportId the latest stored report, once REPORT_AVAILABLE
 * @param createdAt when it was booked
 * @param completedAt when the doctor completed it
 * @param cancelledAt when it was cancelled
 * @param cancelledBy user id of whoever cancelled it
 * @param reportAvailableAt when the report was announced
 * @param outbox events not yet relayed
 */
@Document(Appointment.COLLECTION)
public record Appointment(@Id String id, String slotId, String doctorId, String patientId, Instant start, Instant end,
        AppointmentStatus status, String symptoms, int age, String idempotencyKey, String requestFingerprint,
        String reportId, Instant createdAt, Instant completedAt, Instant cancelledAt, String cancelledBy,
        Instant reportAvailableAt, List<OutgoingEvent> outbox) {

    public static final String COLLECTION = "appointments";

    /** Whether {@code userId} is the appointment's patient or doctor. */
    public boolean involves(String userId) {
        return userId.equals(patientId) || userId.equals(doctorId);
    }

    /** Leaves out the symptoms and the outbox, so that logging an appointment never writes patient data. */
    @Override
    public String toString() {
        return "Appointment[id=" + id + ", slotId=" + slotId + ", status=" + status + ", start=" + start + "]";
    }
}
