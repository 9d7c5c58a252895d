/**
 * Appointments (collection {@code appointments}): booking a free slot, the lifecycle
 * {@code BOOKED → COMPLETED → REPORT_AVAILABLE} and {@code BOOKED → CANCELLED}, the events
 * AppointmentBooked/Completed/Cancelled through the outbox, and the ReportStored consumer.
 */
package org.medledger.booking.appointments;
