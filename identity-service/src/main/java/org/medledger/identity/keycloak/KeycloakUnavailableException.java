package org.medledger.identity.keycloak;

/**
 * Keycloak cannot be used right now: unreachable, too slow, answering 5xx, refusing identity-service's own
 * credentials, or the circuit breaker is open after such failures. The operation may or may not have taken
 * effect in Keycloak (a timed-out create may have created the user); callers that change Keycloak must be able to
 * repeat the operation.
 */
public class KeycloakUnavailableException extends RuntimeException {

    public KeycloakUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
