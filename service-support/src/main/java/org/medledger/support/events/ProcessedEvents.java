package org.medledger.support.events;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import reactor.core.publisher.Mono;

/**
 * Makes at-least-once delivery effectively once: a consumer runs its work for a CloudEvent id only if that
 * id is not yet recorded, and records it after the work succeeded. Work that fails is not recorded, so the
 * retry runs it again; handlers should themselves be idempotent for the narrow window between their write
 * and the record (a crash there), which conditional updates give for free.
 */
public class ProcessedEvents {

    static final String COLLECTION = "processed_events";

    private final ReactiveMongoTemplate mongo;

    public ProcessedEvents(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Expires records after {@code retention}: a redelivery older than Kafka's own retention cannot happen, so
     * keeping ids longer only grows the collection.
     */
    public Mono<String> ensureIndexes(Duration retention) {
        return mongo.indexOps(COLLECTION).createIndex(new Index("processedAt", Sort.Direction.ASC).expire(retention));
    }

    /**
     * Runs {@code work} unless {@code consumer} already processed {@code eventId}.
     *
     * @return true when the work ran, false when the event was a duplicate
     */
    public Mono<Boolean> once(String consumer, String eventId, Supplier<Mono<?>> work) {
        String key = consumer + ":" + eventId;
        return mongo.exists(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("_id").is(key)), Processed.class, COLLECTION)
                .flatMap(done -> done ? Mono.just(false)
                        : Mono.defer(work::get).then(mongo.insert(new Processed(key, Instant.now()), COLLECTION)
                                .thenReturn(true)
                                .onErrorResume(DuplicateKeyException.class, e -> Mono.just(false))));
    }

    @Document(COLLECTION)
    record Processed(@Id String id, Instant processedAt) {
    }
}
