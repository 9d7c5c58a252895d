package org.medledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class KeycloakRealmRolesTests {

    @Test
    void convert_realmRoles_becomeRoleAuthoritiesWithTheSubjectAsName() {
        Jwt jwt = jwt(Map.of("realm_access", Map.of("roles", List.of("doctor", "offline_access")),
                "resource_access", Map.of("account", Map.of("roles", List.of("admin")))));

        var authentication = new KeycloakRealmRoles().convert(jwt).block();

        assertThat(authentication.getName()).isEqualTo("user-1");
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_doctor", "ROLE_offline_access");
    }

    @Test
    void of_noOrMalformedRealmAccess_noRoles() {
        assertThat(KeycloakRealmRoles.of(jwt(Map.of("scope", "openid")))).isEmpty();
        assertThat(KeycloakRealmRoles.of(jwt(Map.of("realm_access", Map.of("roles", "admin"))))).isEmpty();
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("user-1").claims(c -> c.putAll(claims))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }
}
