package org.medledger.reportchain.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The per-account cap on one-time codes over a rolling window, enforced atomically by MongoDB's unique {@code _id}
 * rather than by counting and then inserting (which lets concurrent requests all see "below the cap").
 *
 * <p>An account has {@code cap} slots, {@code _id = "<userId>#<n>"} for {@code n} in {@code 0..cap-1}. Taking a slot
 * is one {@code findAndModify} with upsert that matches the slot only if it is free (its {@code expiresAt} has
 * passed) and sets it busy for the window. If the slot is busy the query matches nothing, the upsert tries to insert
 * the same {@code _id} and fails with a duplicate key: that slot is not ours, try the next. Each slot is held by at
 * most one request at a time, so at most {@code cap} codes are issued per account per window, however many requests
 * race. A TTL index on {@code expiresAt} removes slots that have run out.
 */
class CodeQuota {

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final Duration window;

    CodeQuota(ReactiveMongoTemplate mongo, Clock clock, Duration window) {
        this.mongo = mongo;
        this.clock = clock;
        this.window = window;
    }

    /** One taken slot. */
    @Document(Slot.COLLECTION)
    record Slot(@Id String id, String userId, Instant takenAt,
            @Indexed(name = "expires_ttl", expireAfter = "0s") Instant expiresAt) {

        static final String COLLECTION = "download_code_quota";
    }

    /**
     * Takes a slot for {@code userId}; completes with it, or empty when all {@code cap} slots are busy.
     */
    Mono<Slot> take(String userId, int cap) {
        return Flux.range(0, cap)
                .concatMap(n -> takeSlot(userId, n), 0)
                .next();
    }

    private Mono<Slot> takeSlot(String userId, int n) {
        Instant now = clock.instant();
        Query free = Query.query(Criteria.where("_id").is(userId + "#" + n).and("expiresAt").lte(now));
        Update take = new Update().set("userId", userId).set("takenAt", now).set("expiresAt", now.plus(window));
        return mongo.findAndModify(free, take, FindAndModifyOptions.options().upsert(true).returnNew(true), Slot.class)
                .onErrorResume(DuplicateKeyException.class, busy -> Mono.empty());
    }

    /** Gives a slot back, when the code it was taken for could not be issued. */
    Mono<Void> release(Slot slot) {
        return mongo.remove(Query.query(Criteria.where("_id").is(slot.id()).and("takenAt").is(slot.takenAt())),
                Slot.class).then();
    }
}
