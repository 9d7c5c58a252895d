package org.medledger.reportchain.testing;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Bearer tokens for tests that go over real HTTP: {@code test.<subject>.<role>[,<role>...]}. The test context's
 * {@link #decoder()} turns them into Keycloak-shaped JWTs (subject, realm roles, audience {@code medledger}), so the
 * service's security chain, {@code CurrentUser} and the token relay to booking-service work as in production.
 */
public final class TestTokens {

    private static final String PREFIX = "test.";

    private TestTokens() {
    }

    /** A token for {@code subject} with {@code roles}. */
    public static String token(String subject, String... roles) {
        return PREFIX + subject + "." + String.join(",", roles);
    }

    /** {@code Bearer <token>}. */
    public static String bearer(String subject, String... roles) {
        return "Bearer " + token(subject, roles);
    }

    /** The subject a test token names, or null. */
    public static String subjectOf(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = token.split("\\.", 3);
        return parts.length == 3 ? parts[1] : null;
    }

    /** Decodes test tokens; anything else is rejected. */
    public static ReactiveJwtDecoder decoder() {
        return token -> {
            String subject = subjectOf(token);
            if (subject == null) {
                return Mono.error(new BadJwtException("not a test token"));
            }
            List<String> roles = Arrays.asList(token.split("\\.", 3)[2].split(","));
            Instant now = Instant.now();
            return Mono.just(Jwt.withTokenValue(token)
                    .header("alg", "none")
                    .subject(subject)
                    .issuer("http://localhost:8180/realms/medledger")
                    .audience(List.of("medledger"))
                    .issuedAt(now)
                    .expiresAt(now.plusSeconds(600))
                    .claim("email", subject + "@test.medledger.test")
                    .claim("name", "User " + subject)
                    .claim("realm_access", Map.of("roles", roles))
                    .build());
        };
    }
}
