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
     * Checks that {@code from} is before {@code to} and the window is at most {@code maxWindow} long.
     *
     * @throws InvalidRequestException otherwise
     */
    public static void checkWindow(Instant from, Instant to, Duration maxWindow) {
        if (!to.isAfter(from)) {
            throw new InvalidRequestException("invalid-window", "to must be after from.");
        }
        if (Duration.between(from, to).compareTo(maxWindow) > 0) {
            throw new InvalidRequestException("invalid-window",
                    "The window from–to may span at most " + maxWindow.toDays() + " days.");
        }
    }
}
