package org.medledger.events.booking;

import java.time.Instant;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * Either party cancelled an appointment before completion; the slot is free again.
 *
 * @param appointmentId Appointment id
 * @param slotId The slot, free again
 * @param doctorId The doctor
 * @param patientId The patient
 * @param cancelledBy Who cancelled
 * @param start Start of the cancelled checkup
 */
@EventType(value = "org.medledger.booking.appointment-cancelled.v1", topic = Topics.BOOKING)
public record AppointmentCancelled(
        String appointmentId,
        String slotId,
        String doctorId,
        String patientId,
        String cancelledBy,
        Instant start) implements DomainEvent {

    @Override
    public String aggregateId() {
        return appointmentId;
    }
}
