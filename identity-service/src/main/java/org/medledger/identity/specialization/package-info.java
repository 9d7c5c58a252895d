/**
 * The maintained list of doctors' specializations: seeded at start-up, extended by admins, public to read.
 * Doctors register with a specialization code from it.
 */
package org.medledger.identity.specialization;
