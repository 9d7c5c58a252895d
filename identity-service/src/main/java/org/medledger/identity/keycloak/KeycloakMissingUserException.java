package org.medledger.identity.keycloak;

/** The Keycloak user an operation was about does not exist (any more). */
public class KeycloakMissingUserException extends RuntimeException {

    public KeycloakMissingUserException(String userId) {
        super("Keycloak has no user " + userId);
    }
}
