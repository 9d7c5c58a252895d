/**
 * Short per-key leases in MongoDB that serialise the few read-check-write sequences a single-document
 * conditional update cannot cover: a doctor's overlap check before new slots are written, a patient's overlap
 * check before an appointment is written.
 */
package org.medledger.booking.locks;
