package org.medledger.booking.slots;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A doctor's bookable time, [start, end).
 *
 * @param id slot id (UUID)
 * @param doctorId Keycloak subject of the doctor
 * @param start first instant of the slot
 * @param end first instant after the slot
 * @param status FREE or BOOKED
 * @param appointmentId the appointment holding a BOOKED slot, null when FREE
 * @param bookedAt when the current claim was made, null when FREE
 * @param createdAt when the doctor published it
 */
@Document(Slot.COLLECTION)
public record Slot(@Id String id, String doctorId, Instant start, Instant end, SlotStatus status, String appointmentId,
        Instant bookedAt, Instant createdAt) {

    public static final String COLLECTION = "slots";
}
