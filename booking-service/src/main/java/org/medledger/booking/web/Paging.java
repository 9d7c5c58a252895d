package org.medledger.booking.web;

import java.time.Duration;
import java.time.Instant;
import org.medledger.booking.BookingProperties;
import org.medledger.support.web.InvalidRequestException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** Checks and applies the paging and time-window parameters of list endpoints. */
public final class Paging {

    /** Earliest instant a listing may name. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** Latest instant a listing may name. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Paging() {
    }

    /**
     * @param page zero-based page, null for the first
     * @param size page size, null for the default
     * @throws InvalidRequestException when out of range
     */
    public static Pageable of(Integer page, Integer size, Sort sort, BookingProperties limits) {
        int p = page == null ? 0 : page;
        int s = size == null ? limits.defaultPageSize() : size;
        if (p < 0 || p > 100_000) {
            throw new InvalidRequestException("invalid-paging", "page must be between 0 and 100000.");
        }
        if (s < 1 || s > limits.maxPageSize()) {
            throw new InvalidRequestException("invalid-paging", "size must be between 1 and " + limits.maxPageSize() + ".");
        }
        return PageRequest.of(p, s, sort);
    }

    /**
     * Checks that {@code from} is before {@code to}, both lie within {@link #EARLIEST}–{@link #LATEST}, and the window
     * is at most {@code maxWindow} long.
     *
     * @throws InvalidRequestException otherwise
     */
    public static void checkWindow(Instant from, Instant to, Duration maxWindow) {
        checkOpenWindow(from, to);
        if (Duration.between(from, to).compareTo(maxWindow) > 0) {
            throw new InvalidRequestException("invalid-window",
                    "The window from–to may span at most " + maxWindow.toDays() + " days.");
        }
    }

    /**
     * Checks the bounds of a window that may be open at either end: each bound given lies within
     * {@link #EARLIEST}–{@link #LATEST} (further out, MongoDB's dates overflow), and {@code to} is after {@code from}.
     *
     * @param from null for no lower bound
     * @param to null for no upper bound
     * @throws InvalidRequestException otherwise
     */
    public static void checkOpenWindow(Instant from, Instant to) {
        checkInRange("from", from);
        checkInRange("to", to);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidRequestException("invalid-window", "to must be after from.");
        }
    }

    private static void checkInRange(String name, Instant instant) {
        if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
            throw new InvalidRequestException("invalid-window",
                    name + " must lie between " + EARLIEST + " and " + LATEST + ".");
        }
    }
}
