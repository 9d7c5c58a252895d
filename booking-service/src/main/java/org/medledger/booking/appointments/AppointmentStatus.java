package org.medledger.booking.appointments;

/**
 * Where an appointment stands. Legal moves: BOOKED → COMPLETED (the doctor, not before the start), BOOKED →
 * CANCELLED (either party), COMPLETED → REPORT_AVAILABLE (report-chain-service stored the report). Every other move
 * is refused with 409.
 */
public enum AppointmentStatus {
    BOOKED,
    COMPLETED,
    REPORT_AVAILABLE,
    CANCELLED
}
