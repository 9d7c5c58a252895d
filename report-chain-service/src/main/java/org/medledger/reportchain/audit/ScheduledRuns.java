package org.medledger.reportchain.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.scheduling.support.CronExpression;
import reactor.core.publisher.Mono;

/**
 * One run of a scheduled job per occurrence, however many replicas of the service fire it: each replica's scheduler
 * fires, and only the one whose claim of {@code (job, occurrence)} is inserted first runs. The claim is a document
 * whose {@code _id} names both, so MongoDB's unique {@code _id} decides; claims expire after {@link #KEPT}.
 *
 * <p>Replicas must agree on the occurrence: cron jobs name the scheduled time (robust to clock skew and start-up
 * jitter below {@link #CRON_TOLERANCE}), interval jobs the interval window that their tick falls in.
 */
final class ScheduledRuns {

    static final String COLLECTION = "scheduled_runs";
    /** How long a claim is kept: long enough to show which replica ran what, for the operations team. */
    static final Duration KEPT = Duration.ofDays(60);
    /** How late after its scheduled time a replica's cron tick may come and still be recognised as that occurrence. */
    static final Duration CRON_TOLERANCE = Duration.ofMinutes(10);

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;
    private final Mono<Void> expiry;

    ScheduledRuns(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        // housekeeping only: without the index, claims stay, and claiming still works
        this.expiry = mongo.indexOps(COLLECTION)
                .createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO).named("expires_at"))
                .then()
                .onErrorResume(e -> Mono.empty())
                .cache();
    }

    /** Emits true for exactly one caller per {@code job} and {@code occurrence}, false for every other. */
    Mono<Boolean> claim(String job, Instant occurrence) {
        Document claim = new Document("_id", job + "@" + occurrence)
                .append("job", job)
                .append("occurrence", Date.from(occurrence))
                .append("claimedAt", Date.from(clock.instant()))
                .append("expiresAt", Date.from(occurrence.plus(KEPT)));
        return expiry.then(mongo.insert(claim, COLLECTION))
                .thenReturn(true)
                .onErrorResume(DuplicateKeyException.class, duplicate -> Mono.just(false));
    }

    /** The latest time {@code cron} fires at or before now (within {@link #CRON_TOLERANCE}), else now itself. */
    Instant cronOccurrence(CronExpression cron, ZoneId zone) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        ZonedDateTime latest = null;
        for (ZonedDateTime next = cron.next(now.minus(CRON_TOLERANCE)); next != null && !next.isAfter(now);
                next = cron.next(next)) {
            latest = next;
        }
        return (latest == null ? now : latest).toInstant();
    }

    /** The start of the {@code interval}-long window (counted from the epoch) that now falls in. */
    Instant intervalOccurrence(Duration interval) {
        long millis = clock.millis();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, interval.toMillis()));
    }
}
