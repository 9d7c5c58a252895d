package org.medledger.support.test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.JwtMutator;

/**
 * Keycloak-shaped tokens for {@code WebTestClient.mutateWith(...)} in service tests. Bind the client to the
 * context with {@code WebTestClient.bindToApplicationContext(context).apply(springSecurity())}: the
 * auto-configured client ignores these mutators and every call answers 401.
 */
public final class Jwts {

    private Jwts() {
    }

    /** A caller with the given subject and realm roles, e-mail {@code <subject>@test.medledger.test}. */
    public static JwtMutator user(String subject, String... roles) {
        return SecurityMockServerConfigurers.mockJwt()
                .jwt(jwt -> jwt.subject(subject)
                        .claim("email", subject + "@test.medledger.test")
                        .claim("name", "User " + subject)
                        .claim("realm_access", Map.of("roles", List.of(roles))))
                .authorities(Arrays.stream(roles).<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
    }
}
