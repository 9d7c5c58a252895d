package org.medledger.identity.keycloak;

import java.util.Objects;

/**
 * A user to create in Keycloak. The username is the lower-cased e-mail address, so that a user can sign in with
 * either and the two can never name different people.
 *
 * @param email e-mail address, lower case
 * @param firstName first name (Keycloak requires both names before it lets a user sign in)
 * @param lastName last name
 */
public record NewKeycloakUser(String email, String firstName, String lastName) {

    public NewKeycloakUser {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
    }

    /** Keycloak username of the user. */
    public String username() {
        return email;
    }
}
