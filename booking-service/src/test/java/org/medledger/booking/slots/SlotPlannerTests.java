package org.medledger.booking.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medledger.booking.BookingProperties;
import org.medledger.booking.slots.SlotRequest.WeeklyPattern;
import org.medledger.support.web.InvalidRequestException;

class SlotPlannerTests {

    private static final Instant NOW = Instant.parse("2026-11-02T08:15:00Z"); // a Monday
    private static final BookingProperties LIMITS = new BookingProperties(Duration.ofMinutes(10), Duration.ofHours(4),
            Duration.ofDays(400), 500, Duration.ofDays(92), 50, 200, Duration.ofSeconds(30), Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(1));

    private final SlotPlanner planner = new SlotPlanner(LIMITS);

    @Test
    void single_validSlot_isPlannedAsIs() {
        Instant start = Instant.parse("2026-11-03T09:00:00Z");
        assertThat(planner.plan(single(start, start.plus(Duration.ofMinutes(30))), NOW))
                .containsExactly(new Interval(start, start.plus(Duration.ofMinutes(30))));
    }

    @Test
    void single_endBeforeStart_isRefused() {
        Instant start = Instant.parse("2026-11-03T09:00:00Z");
        assertInvalid(single(start, start.minus(Duration.ofMinutes(30))), "end must be after");
        assertInvalid(single(start, start), "end must be after");
    }

    @Test
    void single_inThePast_isRefused() {
        Instant start = NOW.minus(Duration.ofMinutes(15));
        assertInvalid(single(start, start.plus(Duration.ofMinutes(30))), "future");
    }

    @Test
    void single_startingNow_isRefused() {
        assertInvalid(single(NOW, NOW.plus(Duration.ofMinutes(30))), "future");
    }

    @Test
    void single_shorterThanTenMinutes_isRefused() {
        Instant start = Instant.parse("2026-11-03T09:00:00Z");
        assertInvalid(single(start, start.plus(Duration.ofMinutes(9))), "from 10 to 240 minutes");
    }

    @Test
    void single_longerThanFourHours_isRefused() {
        Instant start = Instant.parse("2026-11-03T09:00:00Z");
        assertInvalid(single(start, start.plus(Duration.ofMinutes(241))), "from 10 to 240 minutes");
    }

    @Test
    void single_boundaryLengths_areAccepted() {
        Instant start = Instant.parse("2026-11-03T09:00:00Z");
        assertThat(planner.plan(single(start, start.plus(Duration.ofMinutes(10))), NOW)).hasSize(1);
        assertThat(planner.plan(single(start, start.plus(Duration.ofHours(4))), NOW)).hasSize(1);
    }

    @Test
    void single_withSeconds_isRefused() {
        Instant start = Instant.parse("2026-11-03T09:00:30Z");
        assertInvalid(single(start, start.plus(Duration.ofMinutes(30))), "whole minutes");
    }

    @Test
    void single_tooFarAhead_isRefused() {
        Instant start = NOW.plus(Duration.ofDays(401)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        assertInvalid(single(start, start.plus(Duration.ofMinutes(30))), "at most 400 days");
    }

    @Test
    void single_missingEnd_isRefused() {
        assertInvalid(new SlotRequest(Instant.parse("2026-11-03T09:00:00Z"), null, null), "both start and end");
    }

    @Test
    void request_bothFormsOrNeither_isRefused() {
        Instant start = Instant.parse("2026-11-03T09:00:00Z");
        assertInvalid(new SlotRequest(start, start.plus(Duration.ofMinutes(30)), pattern("UTC", 30)), "either");
        assertInvalid(new SlotRequest(null, null, null), "either");
    }

    @Test
    void pattern_weekdaysInZone_expandsBackToBackSlotsInLocalTime() {
        // 2026-11-02..2026-11-15, Mondays and Wednesdays, 09:00-11:00 Berlin (UTC+1 in November), 30 minutes
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-15"),
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY), LocalTime.of(9, 0), LocalTime.of(11, 0), 30, "Europe/Berlin"));
        List<Interval> slots = planner.plan(request, NOW);
        // 4 days x 4 slots; on Monday 2 November 08:00Z (09:00 Berlin) is already past at 08:15Z, so 3 that day
        assertThat(slots).hasSize(15);
        assertThat(slots.getFirst()).isEqualTo(new Interval(Instant.parse("2026-11-02T08:30:00Z"), Instant.parse("2026-11-02T09:00:00Z")));
        assertThat(slots.getLast()).isEqualTo(new Interval(Instant.parse("2026-11-11T09:30:00Z"), Instant.parse("2026-11-11T10:00:00Z")));
        assertThat(slots).isSorted();
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i).overlaps(slots.get(i - 1))).isFalse();
        }
    }

    @Test
    void pattern_remainderShorterThanASlot_isLeftOut() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-03"),
                Set.of(DayOfWeek.TUESDAY), LocalTime.of(9, 0), LocalTime.of(10, 10), 20, "UTC"));
        assertThat(planner.plan(request, NOW)).hasSize(3);
    }

    @Test
    void pattern_acrossSpringForward_skipsTheSlotsInTheGap() {
        // Europe/Berlin jumps from 02:00 to 03:00 on Sunday 2027-03-28
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2027-03-28"), LocalDate.parse("2027-03-28"),
                Set.of(DayOfWeek.SUNDAY), LocalTime.of(1, 0), LocalTime.of(4, 0), 30, "Europe/Berlin"));
        List<Interval> slots = planner.plan(request, NOW);
        // 01:00 (CET), 03:00 and 03:30 (CEST); 02:00 and 02:30 do not exist, and 01:30-02:00 ends at a local time
        // that does not exist either, so it is left out too
        assertThat(slots).extracting(Interval::start).containsExactly(Instant.parse("2027-03-28T00:00:00Z"),
                Instant.parse("2027-03-28T01:00:00Z"), Instant.parse("2027-03-28T01:30:00Z"));
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i).overlaps(slots.get(i - 1))).isFalse();
        }
        assertThat(slots).allSatisfy(slot -> assertThat(Duration.between(slot.start(), slot.end())).isEqualTo(Duration.ofMinutes(30)));
    }

    @Test
    void pattern_acrossFallBack_keepsSlotsDisjointAndExact() {
        // Europe/Berlin goes back from 03:00 to 02:00 on Sunday 2026-10-25; use the next year's change to stay ahead
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2027-10-31"), LocalDate.parse("2027-10-31"),
                Set.of(DayOfWeek.SUNDAY), LocalTime.of(1, 0), LocalTime.of(4, 0), 30, "Europe/Berlin"));
        List<Interval> slots = planner.plan(request, NOW);
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i).overlaps(slots.get(i - 1))).isFalse();
        }
        assertThat(slots).allSatisfy(slot -> assertThat(Duration.between(slot.start(), slot.end())).isEqualTo(Duration.ofMinutes(30)));
    }

    @Test
    void pattern_unknownZone_isRefused() {
        assertInvalid(new SlotRequest(null, null, pattern("Mars/Olympus_Mons", 30)), "time zone");
    }

    @Test
    void pattern_toBeforeFrom_isRefused() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-09"),
                Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0), 30, "UTC"));
        assertInvalid(request, "pattern.to");
    }

    @Test
    void pattern_endTimeNotAfterStartTime_isRefused() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-09"), LocalDate.parse("2026-11-10"),
                Set.of(DayOfWeek.MONDAY), LocalTime.of(10, 0), LocalTime.of(9, 0), 30, "UTC"));
        assertInvalid(request, "endTime");
    }

    @Test
    void pattern_slotLengthOutOfBounds_isRefused() {
        assertInvalid(new SlotRequest(null, null, pattern("UTC", 5)), "from 10 to 240 minutes");
        assertInvalid(new SlotRequest(null, null, pattern("UTC", 300)), "from 10 to 240 minutes");
    }

    @Test
    void pattern_onlyPastOccurrences_isRefused() {
        // today, but the day's slots ended before 08:15
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-02"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(7, 0), LocalTime.of(8, 0), 30, "UTC"));
        assertInvalid(request, "no future slots");
    }

    @Test
    void pattern_fromBeforeTodayInItsZone_isRefused() {
        assertInvalid(new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-09"),
                Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0), 30, "UTC")), "before today (2026-11-02");
        // at 08:15Z it is still 1 November in Honolulu (UTC-10)
        assertThat(planner.plan(new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-09"), Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0), 30,
                "Pacific/Honolulu")), NOW)).hasSize(4);
    }

    @Test
    void pattern_fromFarInThePast_isRefusedAtOnce() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("-999999999-01-01"),
                LocalDate.parse("2026-11-09"), EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(10, 0), 30, "UTC"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertInvalid(request, "before today"));
    }

    @Test
    void pattern_toFarInTheFutureWithAWindowShorterThanASlot_isRefusedAtOnce() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-03"),
                LocalDate.parse("+999999999-12-31"), EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(9, 20), 30,
                "UTC"));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertInvalid(request, "at most 400 days ahead (2027-12-07"));
    }

    @Test
    void pattern_dailyWindowShorterThanASlot_isRefused() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-30"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(9, 20), 30, "UTC"));
        assertInvalid(request, "shorter than one slot of 30 minutes");
        var exactlyOne = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-03"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(9, 30), 30, "UTC"));
        assertThat(planner.plan(exactlyOne, NOW)).hasSize(1);
    }

    @Test
    void pattern_noMatchingWeekday_isRefused() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-03"),
                Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(10, 0), 30, "UTC"));
        assertInvalid(request, "no future slots");
    }

    @Test
    void pattern_moreSlotsThanTheLimit_isRefused() {
        // 10 minutes all day every day for a month: 144 x 30 > 500
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-12-02"),
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(0, 0), LocalTime.of(23, 50), 10, "UTC"));
        assertInvalid(request, "more than 500 slots");
    }

    @Test
    void pattern_reachingBeyondTheHorizon_isRefused() {
        var request = new SlotRequest(null, null, new WeeklyPattern(LocalDate.parse("2027-11-01"), LocalDate.parse("2028-01-10"),
                Set.of(DayOfWeek.MONDAY), LocalTime.of(9, 0), LocalTime.of(9, 30), 30, "UTC"));
        assertInvalid(request, "at most 400 days");
    }

    @Test
    void interval_backToBack_doesNotOverlap() {
        Instant t = Instant.parse("2026-11-03T09:00:00Z");
        var first = new Interval(t, t.plus(Duration.ofMinutes(30)));
        var second = new Interval(t.plus(Duration.ofMinutes(30)), t.plus(Duration.ofMinutes(60)));
        assertThat(first.overlaps(second)).isFalse();
        assertThat(second.overlaps(first)).isFalse();
        assertThat(first.overlaps(new Interval(t.plus(Duration.ofMinutes(29)), t.plus(Duration.ofMinutes(40))))).isTrue();
    }

    @Test
    void firstOverlap_findsTheClashInOneMergePass() {
        Instant t = Instant.parse("2026-11-03T09:00:00Z");
        List<Interval> wanted = List.of(slotAt(t, 0), slotAt(t, 60), slotAt(t, 120));
        List<Interval> existing = List.of(slotAt(t, 30), slotAt(t, 90), slotAt(t, 135), slotAt(t, 200));
        assertThat(Interval.firstOverlap(wanted, existing)).hasValueSatisfying(pair -> {
            assertThat(pair[0]).isEqualTo(slotAt(t, 120));
            assertThat(pair[1]).isEqualTo(slotAt(t, 135));
        });
        assertThat(Interval.firstOverlap(wanted, List.of(slotAt(t, 30), slotAt(t, 90)))).isEmpty();
        assertThat(Interval.firstOverlap(List.of(), existing)).isEmpty();
    }

    private static Interval slotAt(Instant base, int minutes) {
        return new Interval(base.plus(Duration.ofMinutes(minutes)), base.plus(Duration.ofMinutes(minutes + 30)));
    }

    private static SlotRequest single(Instant start, Instant end) {
        return new SlotRequest(start, end, null);
    }

    private static WeeklyPattern pattern(String zone, int minutes) {
        return new WeeklyPattern(LocalDate.parse("2026-11-09"), LocalDate.parse("2026-11-10"), Set.of(DayOfWeek.MONDAY),
                LocalTime.of(9, 0), LocalTime.of(17, 0), minutes, zone);
    }

    private void assertInvalid(SlotRequest request, String message) {
        assertThatThrownBy(() -> planner.plan(request, NOW))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message);
    }

    static {
        ZoneId.of("Europe/Berlin"); // fail fast if the JVM lacks tzdata
    }
}
