package org.medledger.booking.slots;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A half-open time interval [start, end); two intervals overlap when each starts before the other ends, so
 * back-to-back slots (one ends when the next starts) do not overlap.
 */
public record Interval(Instant start, Instant end) implements Comparable<Interval> {

    public Interval {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start");
        }
    }

    public boolean overlaps(Interval other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    @Override
    public int compareTo(Interval other) {
        int byStart = start.compareTo(other.start);
        return byStart != 0 ? byStart : end.compareTo(other.end);
    }

    /**
     * The first pair (one from each list) that overlaps, in one merge pass.
     *
     * @param wanted sorted by start, pairwise disjoint
     * @param existing sorted by start, pairwise disjoint
     */
    static Optional<Interval[]> firstOverlap(List<Interval> wanted, List<Interval> existing) {
        int i = 0;
        int j = 0;
        while (i < wanted.size() && j < existing.size()) {
            Interval a = wanted.get(i);
            Interval b = existing.get(j);
            if (a.overlaps(b)) {
                return Optional.of(new Interval[] {a, b});
            }
            if (a.end.isAfter(b.end)) {
                j++;
            } else {
                i++;
            }
        }
        return Optional.empty();
    }
}
