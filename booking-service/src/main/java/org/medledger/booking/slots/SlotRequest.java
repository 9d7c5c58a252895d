package org.medledger.booking.slots;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;

/**
 * What a doctor publishes: either one slot ({@code start} and {@code end}) or a weekly {@code pattern}, never both.
 *
 * @param start start of a single slot
 * @param end end of a single slot
 * @param pattern a weekly pattern, instead of start and end
 */
@Schema(description = "Either `start` and `end` (one slot) or `pattern` (a weekly pattern), not both. Slot times are whole "
        + "minutes; every slot is in the future, 10 minutes to 4 hours long (configurable), and must not overlap any "
        + "other slot of the doctor.")
public record SlotRequest(
        @Schema(description = "Start of a single slot, ISO-8601 instant", example = "2026-12-01T09:00:00Z") Instant start,
        @Schema(description = "End of a single slot, ISO-8601 instant, after start", example = "2026-12-01T09:30:00Z") Instant end,
        @Valid WeeklyPattern pattern) {

    /**
     * Slots of {@code slotMinutes} laid back to back from {@code startTime} to {@code endTime} (local time in
     * {@code zone}) on each of {@code daysOfWeek}, for every date from {@code from} to {@code to} inclusive. A
     * remainder shorter than a slot is left out; occurrences already past are skipped; a slot that starts or ends in an hour a
     * daylight-saving change skips, or whose real length the change would alter, is skipped (in a repeated hour the
     * first occurrence counts), so every slot lasts exactly {@code slotMinutes} and none overlap.
     */
    @Schema(description = "A weekly pattern: slots of `slotMinutes` back to back between `startTime` and `endTime` "
            + "(local time in `zone`) on each of `daysOfWeek`, for every date from `from` to `to` inclusive. Occurrences "
            + "in the past, and slots starting or ending in an hour a daylight-saving change skips or whose real length it "
            + "would alter, are skipped; a trailing remainder shorter "
            + "than a slot is left out.")
    public record WeeklyPattern(
            @Schema(description = "First date, inclusive", example = "2026-12-01") @NotNull LocalDate from,
            @Schema(description = "Last date, inclusive", example = "2026-12-31") @NotNull LocalDate to,
            @Schema(description = "Week days with slots", example = "[\"MONDAY\", \"WEDNESDAY\"]") @NotEmpty Set<@NotNull DayOfWeek> daysOfWeek,
            @Schema(description = "Local start of the first slot of a day", example = "09:00", type = "string") @NotNull LocalTime startTime,
            @Schema(description = "Local time by which the last slot of a day ends", example = "12:00", type = "string") @NotNull LocalTime endTime,
            @Schema(description = "Length of each slot in minutes", example = "30") @NotNull @Min(1) @Max(1440) Integer slotMinutes,
            @Schema(description = "IANA time zone of the local times", example = "Europe/Berlin") @NotBlank @Size(max = 64) String zone) {
    }
}
