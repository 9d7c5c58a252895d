package org.medledger.events.booking;

import java.time.Instant;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventType;
import org.medledger.events.Topics;

/**
 * A patient booked a doctor's free slot.
 *
 * @param appointmentId Appointment id
 * @param slotId The booked slot
 * @param doctorId The doctor
 * @param patientId The patient
 * @param start Start of the checkup
 * @param end End of the checkup
 */
@EventType(value = "org.medledger.booking.appointment-booked.v1", topic = Topics.BOOKING)
public record AppointmentBooked(
        String appointmentId,
        String slotId,
        String doctorId,
        String patientId,
        Instant start,
        Instant end) implements DomainEvent {

    @Override
    public String aggregateId() {
        return appointmentId;
    }
}
