package org.medledger.booking.slots;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A slot as the API shows it.
 *
 * @param id slot id
 * @param doctorId the doctor's user id
 * @param doctorName the doctor's display name, when known
 * @param start start
 * @param end end
 * @param status FREE or BOOKED
 */
@Schema(description = "A doctor's slot")
public record SlotView(
        @Schema(description = "Slot id") String id,
        @Schema(description = "The doctor's user id") String doctorId,
        @Schema(description = "The doctor's display name, when known", nullable = true) String doctorName,
        @Schema(description = "Start, ISO-8601 instant") Instant start,
        @Schema(description = "End, ISO-8601 instant") Instant end,
        @Schema(description = "FREE or BOOKED") SlotStatus status) {

    static SlotView of(Slot slot, String doctorName) {
        return new SlotView(slot.id(), slot.doctorId(), doctorName, slot.start(), slot.end(), slot.status());
    }
}
