/**
 * The one place that says how a Keycloak access token is checked and what it grants: {@link
 * org.medledger.security.KeycloakJwtDecoders} (issuer, signature via the JWK set, expiry, the MedLedger audience) and
 * {@link org.medledger.security.KeycloakRealmRoles} (realm roles as {@code ROLE_<role>} authorities). The gateway
 * uses them directly, every service through service-support's resource-server configuration.
 */
package org.medledger.security;
