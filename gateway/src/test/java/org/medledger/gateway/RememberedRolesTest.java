package org.medledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class RememberedRolesTest {

    private final RememberedRoles roles = new RememberedRoles(100);

    @Test
    void theSameVerifiedToken_getsTheSameAuthentication_withItsRealmRoles() {
        Jwt token = jwt("patient-1", List.of("patient"));
        AbstractAuthenticationToken first = roles.convert(token).block();
        AbstractAuthenticationToken second = roles.convert(token).block();
        assertThat(second).isSameAs(first);
        assertThat(first.getName()).isEqualTo("patient-1");
        assertThat(first.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_patient");
    }

    @Test
    void anotherToken_isMappedOnItsOwn_evenWithEqualClaims() {
        AbstractAuthenticationToken patient = roles.convert(jwt("user-1", List.of("patient"))).block();
        AbstractAuthenticationToken doctor = roles.convert(jwt("user-1", List.of("doctor"))).block();
        assertThat(doctor).isNotSameAs(patient);
        assertThat(doctor.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_doctor");
        // a token that is equal but not the instance the token cache verified is not trusted to be that token
        Jwt copy = jwt("user-1", List.of("patient"));
        assertThat(roles.convert(copy).block()).isNotSameAs(patient);
    }

    private static Jwt jwt(String subject, List<String> realmRoles) {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        return Jwt.withTokenValue("token-" + subject + realmRoles).header("alg", "RS256").subject(subject)
                .issuedAt(now).expiresAt(now.plusSeconds(300)).claim("realm_access", Map.of("roles", realmRoles))
                .build();
    }
}
