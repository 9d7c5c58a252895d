package org.medledger.identity.keycloak;

import java.time.Instant;

/**
 * A Keycloak user as identity-service sees it.
 *
 * @param id user id, the subject of the user's tokens
 * @param username Keycloak username
 * @param email e-mail address (Keycloak stores it lower case), may be null
 * @param firstName may be null
 * @param lastName may be null
 * @param enabled whether the user may sign in
 * @param createdAt when Keycloak created the user, may be null
 */
public record KeycloakUser(String id, String username, String email, String firstName, String lastName,
        boolean enabled, Instant createdAt) {

    /** "First Last", or whichever of the two is set, or the username. */
    public String displayName() {
        String first = firstName == null ? "" : firstName.trim();
        String last = lastName == null ? "" : lastName.trim();
        String name = (first + " " + last).trim();
        if (!first.isEmpty() && first.equals(last)) {
            name = first; // a one-word name is stored in both fields
        }
        return name.isEmpty() ? username : name;
    }
}
