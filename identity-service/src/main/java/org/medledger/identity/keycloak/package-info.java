/**
 * Keycloak, where MedLedger's users live: {@link org.medledger.identity.keycloak.KeycloakUsers} is everything
 * identity-service asks of Keycloak's Admin REST API, {@link org.medledger.identity.keycloak.KeycloakAdminClient}
 * the WebClient implementation (client-credentials token of the {@code identity-service} client, a circuit breaker
 * and a retry around every call). Failures come back as three exceptions the callers branch on: the user's input
 * was refused ({@link org.medledger.identity.keycloak.KeycloakRejectedException}), the user exists
 * ({@link org.medledger.identity.keycloak.KeycloakConflictException}), or Keycloak cannot be used right now
 * ({@link org.medledger.identity.keycloak.KeycloakUnavailableException}).
 */
package org.medledger.identity.keycloak;
