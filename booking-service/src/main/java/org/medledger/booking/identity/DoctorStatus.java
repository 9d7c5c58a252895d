package org.medledger.booking.identity;

/** Where a doctor's registration stands, as far as booking-service has heard. */
public enum DoctorStatus {
    /** Registered, waiting for an admin. */
    PENDING,
    /** Approved: may publish slots and be booked. */
    APPROVED,
    /** Refused by an admin. */
    REJECTED
}
