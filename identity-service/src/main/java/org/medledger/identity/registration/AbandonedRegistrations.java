package org.medledger.identity.registration;

import java.util.UUID;
import org.medledger.identity.keycloak.Failures;
import org.medledger.identity.keycloak.KeycloakUsers;
import org.medledger.identity.registration.RegistrationClaims.Claim;
import org.medledger.support.scheduling.PeriodicJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Removes registrations that failed and were never retried: after {@code abandonAfter}, the pending profile goes,
 * together with the Keycloak user its attempts created, so no half-made account stays behind. Runs every
 * {@code sweepInterval} in the background; when Keycloak is down it leaves the claim for the next sweep.
 */
@Component
public class AbandonedRegistrations extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(AbandonedRegistrations.class);

    private final RegistrationClaims claims;
    private final Registrations registrations;
    private final KeycloakUsers keycloak;

    AbandonedRegistrations(RegistrationClaims claims, Registrations registrations, KeycloakUsers keycloak,
            RegistrationProperties properties) {
        super("Sweep of abandoned registrations", properties.sweepInterval(), properties.sweepInterval());
        this.claims = claims;
        this.registrations = registrations;
        this.keycloak = keycloak;
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
    protected Mono<Long> runOnce() {
        return sweep().doOnNext(removed -> {
            if (removed > 0) {
                log.info("Removed {} abandoned registration(s)", removed);
            }
        });
    }

    @Override
    protected String describeFailure(Throwable failure) {
        return Failures.describe(failure);
    }
}
