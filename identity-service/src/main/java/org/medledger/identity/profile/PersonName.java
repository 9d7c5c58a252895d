package org.medledger.identity.profile;

/**
 * A display name split for Keycloak, which needs a first and a last name before it lets a user sign in ("Account
 * is not fully set up" otherwise). The last word is the last name; a one-word name goes into both fields (and
 * {@link org.medledger.identity.keycloak.KeycloakUser#displayName()} shows it once).
 *
 * @param firstName everything but the last word, or the only word
 * @param lastName the last word
 */
public record PersonName(String firstName, String lastName) {

    /** Splits a name that passed {@link ProfileConstraints#NAME}. */
    public static PersonName of(String name) {
        String normalized = normalize(name);
        int space = normalized.lastIndexOf(' ');
        if (space < 0) {
            return new PersonName(normalized, normalized);
        }
        return new PersonName(normalized.substring(0, space), normalized.substring(space + 1));
    }

    /** Trims and collapses runs of white space to one space. */
    public static String normalize(String name) {
        return name.trim().replaceAll("\\s+", " ");
    }
}
