package org.medledger.booking.slots;

/** Whether a slot can still be booked. */
public enum SlotStatus {
    FREE,
    /** Claimed by the appointment named in the slot's {@code appointmentId}. */
    BOOKED
}
