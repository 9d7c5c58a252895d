package org.medledger.identity.keycloak;

import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The users of MedLedger's Keycloak realm, as identity-service manages them: create, find, set a password, grant
 * a realm role, rename, delete, list.
 *
 * <p>Every method may fail with {@link KeycloakUnavailableException} (Keycloak down, slow, or refusing the
 * service's own credentials); the ones that take user input name the other failures they may report. None of
 * them ever puts a password into an exception, a log line or a returned value.
 */
public interface KeycloakUsers {

    /**
     * Creates an enabled user without credentials and without MedLedger roles.
     *
     * @return the new user's id (the subject of their tokens)
     * @throws KeycloakConflictException (as the error signal) when the username or e-mail is taken
     * @throws KeycloakRejectedException when Keycloak refuses the attributes
     */
    Mono<String> create(NewKeycloakUser user);

    /** The user with this id; empty when there is none. */
    Mono<KeycloakUser> findById(String id);

    /** The user with this e-mail address, compared case-insensitively; empty when there is none. */
    Mono<KeycloakUser> findByEmail(String email);

    /**
     * Sets the user's (non-temporary) password; the realm's password policy decides whether it is acceptable.
     *
     * @throws KeycloakRejectedException with Keycloak's reason when the policy refuses the password (the reason never
     *     holds the password)
     * @throws KeycloakMissingUserException when the user does not exist
     */
    Mono<Void> setPassword(String userId, String password);

    /**
     * Grants a realm role; granting a role the user already holds changes nothing.
     *
     * @throws KeycloakMissingUserException when the user does not exist
     */
    Mono<Void> grantRealmRole(String userId, String role);

    /**
     * Takes a directly granted realm role away; revoking a role the user does not hold changes nothing.
     *
     * @throws KeycloakMissingUserException when the user does not exist
     */
    Mono<Void> revokeRealmRole(String userId, String role);

    /**
     * The user's effective realm roles (direct and through composites).
     *
     * @throws KeycloakMissingUserException when the user does not exist
     */
    Mono<Set<String>> realmRoles(String userId);

    /**
     * Changes the user's first and last name (the {@code name} claim of their next tokens).
     *
     * @throws KeycloakMissingUserException when the user does not exist
     * @throws KeycloakRejectedException when Keycloak refuses the names
     */
    Mono<Void> rename(String userId, String firstName, String lastName);

    /** Deletes the user; deleting a user that does not exist completes normally. */
    Mono<Void> delete(String userId);

    /** Every user of the realm (service accounts excluded), fetched page by page. */
    Flux<KeycloakUser> all();
}
