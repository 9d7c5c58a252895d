package org.medledger.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers bearer tokens the gateway has verified in full, for a short while and never past their expiry.
 *
 * <p>A client sends the same access token on every call until it refreshes it, and checking its RS256 signature and
 * claims again each time was the largest single cost of a request through the gateway. A remembered token is the
 * exact string that passed; a token that failed is never remembered; a token's entry goes after {@code retention}
 * even while it is still valid, so a signing key Keycloak has withdrawn stops being honoured here within that time.
 * Each service still verifies every token it receives in full.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(ReactiveJwtDecoder verifier, long maximumTokens, Duration retention, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
        // upkeep on the calling thread: a few map operations, not worth a hop to the common pool
        this.verified = Caffeine.newBuilder().maximumSize(maximumTokens).expireAfterWrite(retention)
                .ticker(() -> clock.millis() * 1_000_000).executor(Runnable::run).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known != null && clock.instant().isBefore(known.getExpiresAt())) {
            return Mono.just(known);
        }
        return verifier.decode(token).doOnNext(jwt -> {
            Instant expiry = jwt.getExpiresAt();
            if (expiry != null && clock.instant().isBefore(expiry)) {
                verified.put(token, jwt);
            }
        });
    }
}
