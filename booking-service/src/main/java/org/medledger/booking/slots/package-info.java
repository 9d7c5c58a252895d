/**
 * Doctors' slots (collection {@code slots}): publishing single slots or weekly patterns without overlaps,
 * listing free ones, and the FREE ⇄ BOOKED claim that appointments make on them.
 */
package org.medledger.booking.slots;
