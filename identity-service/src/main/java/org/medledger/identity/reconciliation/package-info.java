/**
 * Profiles for Keycloak accounts that did not register through MedLedger (the demo accounts of the development
 * realm, accounts an administrator made in Keycloak's console): at start-up, in the background until Keycloak
 * answers, and then periodically, every Keycloak user holding a MedLedger realm role and lacking a profile gets
 * one, with {@code PatientRegistered}, {@code DoctorRegistered} and {@code DoctorApproved}, or {@code StaffAccountRegistered} so that the other services learn of
 * them. Idempotent: a profile that exists is never touched.
 */
package org.medledger.identity.reconciliation;
