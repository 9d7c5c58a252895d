/**
 * Doctors: the public directory of approved doctors (directory fields only: never e-mail, address or birth date),
 * and the admins' approval or rejection of pending doctors, which grants the Keycloak realm role {@code doctor} and
 * publishes {@code DoctorApproved} or {@code DoctorRejected}.
 */
package org.medledger.identity.doctor;
