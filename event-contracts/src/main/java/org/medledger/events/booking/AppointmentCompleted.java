package org.medledger.events.booking;

import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * The doctor marked the checkup completed; a report may now be uploaded.
 *
 * @param appointmentId Appointment id
 * @param doctorId The doctor
 * @param patientId The patient
 */
@EventType(value = "org.medledger.booking.appointment-completed.v1", topic = Topics.BOOKING)
public record AppointmentCompleted(
        String appointmentId,
        String doctorId,
        String patientId) implements DomainEvent {

    @Override
    public String aggregateId() {
        return appointmentId;
    }
}
