package org.medledger.support.security;

import java.util.List;
import java.util.Set;
import org.medledger.security.KeycloakRealmRoles;
import org.medledger.support.web.ForbiddenException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * The authenticated caller, as the Keycloak access token says: its subject is the user id every service
 * uses for ownership checks.
 *
 * @param id Keycloak subject
 * @param email e-mail claim, may be null
 * @param name display name (name or preferred_username claim)
 * @param roles realm roles, lower case: {@code patient}, {@code doctor}, {@code admin}, {@code auditor}
 */
public record CurrentUser(String id, String email, String name, Set<String> roles) {

    public static final String PATIENT = "patient";
    public static final String DOCTOR = "doctor";
    public static final String ADMIN = "admin";
    public static final String AUDITOR = "auditor";

    /** Reads the caller from a validated token. */
    public static CurrentUser of(Jwt jwt) {
        String name = jwt.getClaimAsString("name");
        if (name == null || name.isBlank()) {
            name = jwt.getClaimAsString("preferred_username");
        }
        return new CurrentUser(jwt.getSubject(), jwt.getClaimAsString("email"), name, KeycloakRealmRoles.of(jwt));
    }

    /** The caller of the current request; empty when unauthenticated. */
    public static Mono<CurrentUser> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication())
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(authentication -> of(((JwtAuthenticationToken) authentication).getToken()));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Fails with 403 unless the caller holds one of {@code anyOf}. */
    public CurrentUser requireRole(String... anyOf) {
        for (String role : anyOf) {
            if (hasRole(role)) {
                return this;
            }
        }
        throw new ForbiddenException("role-required", "This action needs the role " + String.join(" or ", List.of(anyOf)) + ".");
    }
}
