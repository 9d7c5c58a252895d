package org.medledger.identity.registration;

import java.time.Duration;
import java.util.UUID;
import org.medledger.identity.keycloak.Failures;
import org.medledger.identity.keycloak.KeycloakUsers;
import org.medledger.identity.registration.RegistrationClaims.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Removes registrations that failed and were never retried: after {@code abandonAfter}, the pending profile goes,
 * together with the Keycloak user its attempts created, so no half-made account stays behind. Runs every
 * {@code sweepInterval} in the background; when Keycloak is down it leaves the claim for the next sweep.
 */
@Component
public class AbandonedRegistrations implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AbandonedRegistrations.class);

    private final RegistrationClaims claims;
    private final Registrations registrations;
    private final KeycloakUsers keycloak;
    private final RegistrationProperties properties;
    private volatile Disposable loop;

    AbandonedRegistrations(RegistrationClaims claims, Registrations registrations, KeycloakUsers keycloak,
            RegistrationProperties properties) {
        this.claims = claims;
        this.registrations = registrations;
        this.keycloak = keycloak;
        this.properties = properties;
    }

    /** One sweep; completes with the number of registrations removed. */
    public Mono<Long> sweep() {
        return claims.abandoned()
                .concatMap(pending -> claims.takeOver(pending.emailKey(), "sweep-" + UUID.randomUUID(), new Update())
                        .flatMap(this::remove)
                        .onErrorResume(e -> {
                            log.warn("Could not remove an abandoned registration yet: {}", Failures.describe(e));
                            return Mono.just(0L);
                        }))
                .reduce(0L, Long::sum);
    }

    private Mono<Long> remove(Claim claim) {
        Mono<Void> recorded = claim.keycloakId() == null ? Mono.empty() : keycloak.delete(claim.keycloakId());
        Mono<Void> byEmail = keycloak.findByEmail(claim.emailKey())
                .filterWhen(user -> registrations.ownLeftover(claim, user))
                .flatMap(user -> keycloak.delete(user.id()));
        return recorded.then(byEmail)
                .then(claims.drop(claim))
                .thenReturn(1L)
                .onErrorResume(e -> claims.release(claim).onErrorResume(ignored -> Mono.empty()).then(Mono.error(e)));
    }

    @Override
    public void start() {
        Duration interval = properties.sweepInterval();
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        loop = Flux.interval(interval, interval, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> sweep().onErrorResume(e -> {
                    log.warn("Sweep of abandoned registrations failed: {}", Failures.describe(e));
                    return Mono.just(0L);
                }), 1)
                .subscribe(removed -> {
                    if (removed > 0) {
                        log.info("Removed {} abandoned registration(s)", removed);
                    }
                });
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }
}
