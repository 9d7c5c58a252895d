package org.medledger.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The booking rules and limits of booking-service ({@code medledger.booking.*}).
 *
 * @param minSlotLength shortest slot a doctor may publish
 * @param maxSlotLength longest slot a doctor may publish
 * @param maxAdvance how far in the future a slot may start
 * @param maxSlotsPerRequest most slots one publication may create (a weekly pattern expands to many)
 * @param maxListWindow longest {@code from}–{@code to} window a listing may ask for
 * @param defaultPageSize page size of listings when the caller names none
 * @param maxPageSize largest page size a caller may ask for
 * @param lockLease how long a per-doctor or per-patient lock is held at most; a crashed holder's lock frees itself after it
 * @param lockWait how long a request waits for a busy per-doctor or per-patient lock before answering 409
 * @param reconcileInterval how often the reconciler frees slots held by cancelled or never-written appointments
 * @param abandonedClaimAge how old a slot claim without an appointment must be before the reconciler frees it
 */
@ConfigurationProperties("medledger.booking")
public record BookingProperties(
        @DefaultValue("10m") Duration minSlotLength,
        @DefaultValue("4h") Duration maxSlotLength,
        @DefaultValue("400d") Duration maxAdvance,
        @DefaultValue("500") int maxSlotsPerRequest,
        @DefaultValue("92d") Duration maxListWindow,
        @DefaultValue("50") int defaultPageSize,
        @DefaultValue("200") int maxPageSize,
        @DefaultValue("30s") Duration lockLease,
        @DefaultValue("5s") Duration lockWait,
        @DefaultValue("5m") Duration reconcileInterval,
        @DefaultValue("1m") Duration abandonedClaimAge) {

    public BookingProperties {
        if (minSlotLength.isNegative() || minSlotLength.isZero() || maxSlotLength.compareTo(minSlotLength) < 0) {
            throw new IllegalArgumentException("medledger.booking: need 0 < min-slot-length <= max-slot-length");
        }
        if (defaultPageSize < 1 || maxPageSize < defaultPageSize) {
            throw new IllegalArgumentException("medledger.booking: need 1 <= default-page-size <= max-page-size");
        }
        if (maxSlotsPerRequest < 1) {
            throw new IllegalArgumentException("medledger.booking: max-slots-per-request must be positive");
        }
    }
}
