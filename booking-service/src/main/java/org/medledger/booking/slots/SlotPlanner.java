package org.medledger.booking.slots;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.medledger.booking.BookingProperties;
import org.medledger.booking.slots.SlotRequest.WeeklyPattern;
import org.medledger.support.web.InvalidRequestException;

/**
 * Turns a {@link SlotRequest} into the slots it asks for, checking every rule that needs no database: exactly one
 * form, whole minutes, end after start, in the future, not too far ahead, length within bounds, not too many.
 * A weekly pattern's dates lie between today and the max-advance horizon, so expanding one visits at most that many
 * days (and stops at the per-request slot limit). Pure and stateless apart from its limits.
 */
final class SlotPlanner {

    private static final String PROBLEM = "invalid-slot";

    private final BookingProperties limits;

    SlotPlanner(BookingProperties limits) {
        this.limits = limits;
    }

    /**
     * @param now the current instant
     * @return the slots, sorted by start and pairwise disjoint, never empty
     * @throws InvalidRequestException naming the broken rule
     */
    List<Interval> plan(SlotRequest request, Instant now) {
        boolean single = request.start() != null || request.end() != null;
        if (single == (request.pattern() != null)) {
            throw invalid("Give either start and end (one slot) or pattern (a weekly pattern), not both and not neither.");
        }
        return single ? List.of(single(request.start(), request.end(), now)) : pattern(request.pattern(), now);
    }

    private Interval single(Instant start, Instant end, Instant now) {
        if (start == null || end == null) {
            throw invalid("A single slot needs both start and end.");
        }
        if (!start.equals(start.truncatedTo(ChronoUnit.MINUTES)) || !end.equals(end.truncatedTo(ChronoUnit.MINUTES))) {
            throw invalid("Slot start and end must be whole minutes (no seconds).");
        }
        if (!end.isAfter(start)) {
            throw invalid("The slot's end must be after its start.");
        }
        if (!start.isAfter(now)) {
            throw invalid("The slot must start in the future.");
        }
        if (start.isAfter(now.plus(limits.maxAdvance()))) {
            throw invalid("The slot may start at most " + limits.maxAdvance().toDays() + " days ahead.");
        }
        checkLength(Duration.between(start, end));
        return new Interval(start, end);
    }

    private List<Interval> pattern(WeeklyPattern pattern, Instant now) {
        ZoneId zone;
        try {
            zone = ZoneId.of(pattern.zone());
        } catch (DateTimeException e) {
            throw invalid("pattern.zone is not a known time zone; use an IANA name such as Europe/Berlin.");
        }
        if (pattern.to().isBefore(pattern.from())) {
            throw invalid("pattern.to must not be before pattern.from.");
        }
        // the date range bounds the loop below: from today to the horizon's date, never more
        Instant horizon = now.plus(limits.maxAdvance());
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate lastDate = LocalDate.ofInstant(horizon, zone);
        if (pattern.from().isBefore(today)) {
            throw invalid("pattern.from must not be before today (" + today + " in " + zone + ").");
        }
        if (pattern.from().isAfter(lastDate)) {
            throw invalid("The pattern may start at most " + limits.maxAdvance().toDays() + " days ahead.");
        }
        if (pattern.to().isAfter(lastDate)) {
            throw invalid("pattern.to may be at most " + limits.maxAdvance().toDays() + " days ahead (" + lastDate + " in "
                    + zone + ").");
        }
        if (!pattern.endTime().isAfter(pattern.startTime())) {
            throw invalid("pattern.endTime must be after pattern.startTime (a day's slots cannot cross midnight).");
        }
        Duration length = Duration.ofMinutes(pattern.slotMinutes());
        checkLength(length);
        if (Duration.between(pattern.startTime(), pattern.endTime()).compareTo(length) < 0) {
            throw invalid("The daily window pattern.startTime–pattern.endTime is shorter than one slot of "
                    + pattern.slotMinutes() + " minutes.");
        }
        List<Interval> slots = new ArrayList<>();
        for (LocalDate date = pattern.from(); !date.isAfter(pattern.to()); date = date.plusDays(1)) {
            if (!pattern.daysOfWeek().contains(date.getDayOfWeek())) {
                continue;
            }
            LocalDateTime dayEnd = date.atTime(pattern.endTime());
            for (LocalDateTime local = date.atTime(pattern.startTime()); !local.plus(length).isAfter(dayEnd);
                    local = local.plus(length)) {
                ZonedDateTime zonedStart = ZonedDateTime.of(local, zone);
                ZonedDateTime zonedEnd = ZonedDateTime.of(local.plus(length), zone);
                Instant start = zonedStart.toInstant();
                Instant end = zonedEnd.toInstant();
                boolean distorted = !zonedStart.toLocalDateTime().equals(local)
                        || !zonedEnd.toLocalDateTime().equals(local.plus(length))
                        || !Duration.between(start, end).equals(length);
                if (distorted || !start.isAfter(now)) {
                    continue; // in or across a daylight-saving change, or already past
                }
                if (start.isAfter(horizon)) {
                    throw invalid("The pattern may reach at most " + limits.maxAdvance().toDays() + " days ahead.");
                }
                if (slots.size() == limits.maxSlotsPerRequest()) {
                    throw invalid("The pattern yields more than " + limits.maxSlotsPerRequest()
                            + " slots; publish it in smaller date ranges.");
                }
                slots.add(new Interval(start, end));
            }
        }
        if (slots.isEmpty()) {
            throw invalid("The pattern yields no future slots.");
        }
        slots.sort(null);
        return List.copyOf(slots);
    }

    private void checkLength(Duration length) {
        if (length.compareTo(limits.minSlotLength()) < 0 || length.compareTo(limits.maxSlotLength()) > 0) {
            throw invalid("A slot must last from " + limits.minSlotLength().toMinutes() + " to "
                    + limits.maxSlotLength().toMinutes() + " minutes.");
        }
    }

    private static InvalidRequestException invalid(String detail) {
        return new InvalidRequestException(PROBLEM, detail);
    }
}
