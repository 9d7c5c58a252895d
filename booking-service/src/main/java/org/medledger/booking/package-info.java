/**
 * booking-service: doctors publish slots, patients book them, appointments go through their lifecycle
 * ({@code BOOKED → COMPLETED → REPORT_AVAILABLE}, or {@code BOOKED → CANCELLED}). One feature per package:
 * {@code identity} (projections of identity events), {@code slots}, {@code appointments}, {@code locks}
 * (per-doctor and per-patient leases) and {@code web} (paging, OpenAPI).
 */
package org.medledger.booking;
