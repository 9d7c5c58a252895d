package org.medledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private final Clock clock = mock(Clock.class, CALLS_REAL_METHODS);
    private final AtomicInteger verifications = new AtomicInteger();
    private VerifiedTokenCache cache;

    @BeforeEach
    void verifierThatAcceptsTokensNamedGoodAndCountsItsWork() {
        when(clock.instant()).thenReturn(NOW);
        cache = new VerifiedTokenCache(token -> {
            verifications.incrementAndGet();
            return token.startsWith("good") ? Mono.just(jwt(NOW.plus(Duration.ofMinutes(5))))
                    : Mono.error(new BadJwtException("refused"));
        }, 100, Duration.ofMinutes(2), clock);
    }

    @Test
    void aVerifiedToken_isNotVerifiedAgainWhileRemembered() {
        Jwt first = cache.decode("good-1").block();
        Jwt second = cache.decode("good-1").block();

        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
        cache.decode("good-2").block();
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedToken_isRefusedEveryTime_andNeverRemembered() {
        assertThatThrownBy(() -> cache.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged").block()).isInstanceOf(BadJwtException.class);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRememberedToken_isVerifiedAgainAfterTheRetention_andRefusedOnceExpired() {
        cache.decode("good-1").block();

        when(clock.instant()).thenReturn(NOW.plus(Duration.ofMinutes(3)));
        cache.decode("good-1").block();
        assertThat(verifications).as("retention over: verified in full again").hasValue(2);

        when(clock.instant()).thenReturn(NOW.plus(Duration.ofMinutes(6)));
        cache.decode("good-1").block();
        assertThat(verifications).as("past its expiry: never answered from memory").hasValue(3);
    }

    private static Jwt jwt(Instant expiry) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("patient-1").issuedAt(NOW).expiresAt(expiry).build();
    }
}
