/**
 * The caller's own profile: {@code GET /api/identity/me} (everything MedLedger keeps about the caller, and their
 * roles) and {@code PATCH /api/identity/me} (the editable fields: name, phone, address, gender, date of birth; the
 * e-mail address is the Keycloak login and is not editable here). A caller whose Keycloak account holds a MedLedger
 * role but has no profile yet (an account made in Keycloak directly) gets one on first sight.
 */
package org.medledger.identity.me;
