/**
 * Self-registration of patients and doctors. A registration first claims the e-mail address in the profile store
 * (a {@code PENDING_KEYCLOAK} profile keyed by the lower-cased address), then creates the Keycloak user, sets the
 * password (Keycloak's policy decides), grants the patient role, and completes the profile with its
 * {@code PatientRegistered} or {@code DoctorRegistered} event in one write. A failure anywhere leaves either nothing or a released claim that the
 * next attempt for the same address takes over (removing the Keycloak user its predecessor left) and that
 * {@link org.medledger.identity.registration.AbandonedRegistrations} removes, with that user, when nobody retries.
 */
package org.medledger.identity.registration;
