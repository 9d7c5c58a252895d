package org.medledger.booking.appointments;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * The 201 answer to a booking; a replay with the same Idempotency-Key gets the same answer.
 *
 * @param id appointment id
 * @param status BOOKED
 * @param slotId the booked slot
 * @param doctorId the doctor
 * @param start start of the checkup
 * @param end end of the checkup
 */
@Schema(description = "A confirmed booking")
public record BookingConfirmation(
        @Schema(description = "Appointment id") String id,
        @Schema(description = "Always BOOKED: the status the booking created") AppointmentStatus status,
        @Schema(description = "The booked slot") String slotId,
        @Schema(description = "The doctor's user id") String doctorId,
        @Schema(description = "Start, ISO-8601 instant") Instant start,
        @Schema(description = "End, ISO-8601 instant") Instant end) {

    static BookingConfirmation of(Appointment appointment) {
        return new BookingConfirmation(appointment.id(), AppointmentStatus.BOOKED, appointment.slotId(),
                appointment.doctorId(), appointment.start(), appointment.end());
    }
}
