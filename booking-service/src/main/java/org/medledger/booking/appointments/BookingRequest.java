package org.medledger.booking.appointments;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A patient's booking.
 *
 * @param slotId the free slot to book
 * @param symptoms what brings the patient, for the doctor
 * @param age the patient's age in years
 */
@Schema(description = "A booking of a free slot")
public record BookingRequest(
        @Schema(description = "Id of a FREE slot", example = "6f1c7f0e-2b1e-4f5e-9a7b-0c4a1d2e3f40")
        @NotBlank @Size(max = 64) String slotId,
        @Schema(description = "What brings the patient; shown to the doctor only, never logged or sent in events",
                minLength = 1, maxLength = 2000)
        @NotBlank @Size(min = 1, max = 2000) String symptoms,
        @Schema(description = "Age in years", minimum = "0", maximum = "150", example = "42")
        @NotNull @Min(0) @Max(150) Integer age) {

    /** Leaves out the symptoms. */
    @Override
    public String toString() {
        return "BookingRequest[slotId=" + slotId + "]";
    }
}
