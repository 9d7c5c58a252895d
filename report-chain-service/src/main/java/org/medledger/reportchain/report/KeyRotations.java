package org.medledger.reportchain.report;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.reportchain.crypto.KeyProvider;
import org.medledger.reportchain.crypto.WrappedKey;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.MedLedgerException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Key rotation: a new key-encryption-key version ({@link KekRotator}), then every data key not yet under it is
 * re-wrapped ({@link KeyProvider#rewrap}): only the manifests' key envelopes change, no chunk is read or written.
 * Each manifest records the re-wrap in its key history. A manifest is updated only if its envelope is still the
 * one that was re-wrapped (a conditional update), so concurrent rotations cannot lose a key.
 */
public class KeyRotations {

    private static final Logger log = LoggerFactory.getLogger(KeyRotations.class);
    private static final int CONCURRENCY = 4;

    private final ReactiveMongoTemplate mongo;
    private final KeyProvider keyProvider;
    private final KekRotator rotator;
    private final LedgerRecorder ledger;
    private final Clock clock;

    public KeyRotations(ReactiveMongoTemplate mongo, KeyProvider keyProvider, KekRotator rotator,
            LedgerRecorder ledger, Clock clock) {
        this.mongo = mongo;
        this.keyProvider = keyProvider;
        this.rotator = rotator;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * The outcome of a rotation.
     *
     * @param kekVersion the new current KEK version
     * @param rewrapped data keys moved to it
     * @param failed data keys that could not be re-wrapped (logged; a later rotation retries them)
     * @param ledgerEntryId the ledger entry recording the rotation
     */
    public record Result(String kekVersion, long rewrapped, long failed, String ledgerEntryId) {
    }

    /** Rotates and re-wraps every data key; {@code admin} must hold the admin role. */
    public Mono<Result> rotate(CurrentUser admin) {
        return Mono.fromCallable(() -> {
                    admin.requireRole(CurrentUser.ADMIN);
                    return rotator.rotate();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> !(e instanceof MedLedgerException), e -> {
                    log.warn("KEK rotation failed: {}", e.getClass().getSimpleName());
                    return new ServiceUnavailableException("key-provider-unavailable",
                            "The key provider could not create a new key version; nothing changed.");
                })
                .flatMap(version -> rewrapAll(version).flatMap(counts -> ledger.keysRotated(
                                new LedgerRecorder.KeysRotatedEntry(version, counts[0], counts[1], admin.id(),
                                        clock.instant()))
                        .map(entryId -> new Result(version, counts[0], counts[1], entryId))));
    }

    private Mono<long[]> rewrapAll(String version) {
        AtomicLong rewrapped = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Query stale = Query.query(Criteria.where("key.kekVersion").ne(version));
        stale.fields().include("key");
        return mongo.find(stale, KeyOnly.class, Report.COLLECTION)
                .flatMap(report -> rewrap(report, version)
                        .doOnNext(done -> (done ? rewrapped : failed).incrementAndGet()), CONCURRENCY)
                .then(Mono.fromSupplier(() -> {
                    log.info("KEK rotated to {}: {} data keys re-wrapped, {} failed", version, rewrapped.get(),
                            failed.get());
                    return new long[] {rewrapped.get(), failed.get()};
                }));
    }

    private Mono<Boolean> rewrap(KeyOnly report, String version) {
        KeyEnvelope old = report.key();
        return Mono.fromCallable(() -> keyProvider.rewrap(old.toWrappedKey(), UUID.fromString(report.id())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(wrapped -> store(report.id(), old, wrapped))
                .onErrorResume(e -> {
                    log.error("Data key of report {} could not be re-wrapped to {}: {}", report.id(), version,
                            e.getClass().getSimpleName());
                    return Mono.just(false);
                });
    }

    /** A manifest's id and key envelope only. */
    record KeyOnly(@Id String id, KeyEnvelope key) {
    }

    private Mono<Boolean> store(String reportId, KeyEnvelope old, WrappedKey wrapped) {
        var now = clock.instant();
        Query unchanged = Query.query(Criteria.where("_id").is(reportId).and("key.wrappedKey").is(old.wrappedKey()));
        Update update = new Update()
                .set("key", KeyEnvelope.of(wrapped, now))
                .push("keyHistory", new KeyChange(wrapped.kekVersion(), now, KeyChange.ROTATION));
        return mongo.updateFirst(unchanged, update, Report.class).map(result -> result.getModifiedCount() == 1);
    }
}
