/**
 * The profile store: one document per user in the {@code profiles} collection, keyed by the lower-cased e-mail
 * address (so the e-mail is unique by construction), holding the Keycloak subject once the user exists there, the
 * fields MedLedger keeps beside Keycloak (gender, address, birth date, phone, specialization), the doctor's approval
 * state, and the transactional outbox of identity events. Also the caller's own profile: {@code /api/identity/me}.
 */
package org.medledger.identity.profile;
