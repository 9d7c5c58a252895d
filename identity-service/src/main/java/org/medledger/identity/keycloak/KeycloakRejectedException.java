package org.medledger.identity.keycloak;

/** Keycloak refused what the user asked for (a password its policy rejects, an attribute it does not accept). */
public class KeycloakRejectedException extends RuntimeException {

    /** @param reason Keycloak's explanation, safe to show to the user (it never holds the password) */
    public KeycloakRejectedException(String reason) {
        super(reason);
    }

    public String reason() {
        return getMessage();
    }
}
