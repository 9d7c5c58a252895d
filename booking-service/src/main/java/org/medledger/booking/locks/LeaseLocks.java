package org.medledger.booking.locks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.Document;
import org.medledger.booking.BookingProperties;
import org.medledger.support.web.ConflictException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Mutual exclusion per key (e.g. {@code doctor:<id>}) across every instance of the service, as a lease in the
 * {@value #COLLECTION} collection.
 *
 * <p>Acquiring is one {@code findAndModify} with upsert on {@code {_id: key, expiresAt < now or absent}}: when
 * the lock is free (absent, or its lease expired) the document is created or taken over; when it is held, the
 * query matches nothing, the upsert tries to insert a second document with the same {@code _id} and fails with
 * a duplicate key, which means "busy". Releasing deletes the document only if this holder still owns it.
 *
 * <p>Guarantee: two holders of one key never overlap as long as each finishes within {@code lockLease}
 * (a holder that crashed loses the lock after it). Work done under a lock is a few MongoDB round trips, far
 * below the lease. Leases are compared against this instance's wall clock, so instances need synchronised clocks
 * (NTP) to within a small fraction of the lease.
 */
@Component
public class LeaseLocks {

    static final String COLLECTION = "locks";

    private final ReactiveMongoTemplate mongo;
    private final Duration lease;
    private final Duration wait;
    private final Clock wallClock = Clock.systemUTC();

    public LeaseLocks(ReactiveMongoTemplate mongo, BookingProperties properties) {
        this.mongo = mongo;
        this.lease = properties.lockLease();
        this.wait = properties.lockWait();
    }

    /**
     * Runs {@code work} while holding the lock on {@code key}, waiting up to {@code lockWait} for it. The lock is
     * released when the work completes, fails or is cancelled.
     *
     * @throws ConflictException (as the Mono's error) when the lock stayed busy for the whole wait
     */
    public <T> Mono<T> withLock(String key, Supplier<Mono<T>> work) {
        return Mono.usingWhen(acquire(key), holder -> Mono.defer(work),
                holder -> release(key, holder),
                (holder, error) -> release(key, holder),
                holder -> release(key, holder));
    }

    private Mono<String> acquire(String key) {
        long deadline = System.nanoTime() + wait.toNanos();
        return Mono.defer(() -> tryAcquire(key))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(10))
                        .maxBackoff(Duration.ofMillis(200))
                        .filter(e -> e instanceof Busy && System.nanoTime() < deadline)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .onErrorMap(Busy.class, e -> new ConflictException("concurrent-request",
                        "Another request of yours is being processed; retry in a moment."));
    }

    private Mono<String> tryAcquire(String key) {
        Instant now = wallClock.instant();
        String holder = UUID.randomUUID().toString();
        Query free = Query.query(Criteria.where("_id").is(key)
                .orOperator(Criteria.where("expiresAt").lt(now), Criteria.where("expiresAt").exists(false)));
        Update take = new Update().set("holder", holder).set("expiresAt", now.plus(lease));
        return mongo.findAndModify(free, take, FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class,
                        COLLECTION)
                .filter(document -> holder.equals(document.getString("holder")))
                .switchIfEmpty(Mono.error(Busy::new))
                .thenReturn(holder)
                .onErrorMap(DuplicateKeyException.class, e -> new Busy());
    }

    private Mono<Void> release(String key, String holder) {
        return mongo.remove(Query.query(Criteria.where("_id").is(key).and("holder").is(holder)), COLLECTION)
                .then()
                .onErrorResume(e -> Mono.empty()); // the lease expires on its own
    }

    /** The lock is held by someone else right now. */
    private static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }
}
