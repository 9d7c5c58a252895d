package org.medledger.identity.reconciliation;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.medledger.identity.keycloak.Failures;
import org.medledger.identity.keycloak.KeycloakMissingUserException;
import org.medledger.identity.keycloak.KeycloakUser;
import org.medledger.identity.keycloak.KeycloakUsers;
import org.medledger.identity.profile.Profile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Adopts every Keycloak account with a MedLedger role and no profile (see {@link AccountAdoption}). Starts with the
 * application without delaying it: the first run retries with back-off until Keycloak answers; later runs follow
 * every {@code interval}. Only users without a profile cost a call beyond the paged listing, so a run over a
 * reconciled realm is cheap.
 */
@Component
public class AccountReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccountReconciler.class);
    private static final int BATCH = 100;

    private final KeycloakUsers keycloak;
    private final AccountAdoption adoption;
    private final ReactiveMongoTemplate mongo;
    private final ReconciliationProperties properties;
    private volatile Disposable loop;

    AccountReconciler(KeycloakUsers keycloak, AccountAdoption adoption, ReactiveMongoTemplate mongo,
            ReconciliationProperties properties) {
        this.keycloak = keycloak;
        this.adoption = adoption;
        this.mongo = mongo;
        this.properties = properties;
    }

    /**
     * One pass over the realm.
     *
     * @return the number of accounts adopted
     */
    public Mono<Long> reconcile() {
        return keycloak.all()
                .buffer(BATCH)
                .concatMap(this::reconcileBatch)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> reconcileBatch(List<KeycloakUser> users) {
        List<String> ids = users.stream().map(KeycloakUser::id).toList();
        return mongo.find(Query.query(Criteria.where(Profile.Fields.USER_ID).in(ids)), Profile.class)
                .map(Profile::userId)
                .collect(Collectors.toSet())
                .flatMapMany(known -> Flux.fromIterable(users).filter(user -> !known.contains(user.id())))
                .concatMap(user -> keycloak.realmRoles(user.id())
                        .flatMap(roles -> adoption.adopt(user, roles))
                        // deleted between the listing and the roles call: nothing to adopt
                        .onErrorResume(KeycloakMissingUserException.class, e -> Mono.empty()))
                .count();
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        Duration interval = properties.interval();
        Flux<Long> ticks = interval.isZero() || interval.isNegative()
                ? Flux.just(0L)
                : Flux.interval(Duration.ZERO, interval, Schedulers.boundedElastic()).onBackpressureDrop();
        loop = ticks
                .concatMap(tick -> reconcile()
                        .retryWhen(Retry.backoff(Long.MAX_VALUE, properties.initialBackoff())
                                .maxBackoff(properties.maxBackoff())
                                .doBeforeRetry(signal -> {
                                    if (signal.totalRetries() % 10 == 0) {
                                        log.info("Keycloak accounts not reconciled yet ({}); retrying in the background",
                                                Failures.describe(signal.failure()));
                                    }
                                })), 1)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(adopted -> log.info("Keycloak accounts reconciled: {} adopted", adopted),
                        e -> log.warn("Reconciliation of Keycloak accounts stopped: {}", Failures.describe(e)));
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

    /** After the web server, so the service answers while the first run waits for Keycloak. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
