package org.medledger.identity.keycloak;

/** Keycloak already has a user with this username or e-mail address. */
public class KeycloakConflictException extends RuntimeException {

    public KeycloakConflictException(String detail) {
        super(detail);
    }
}
