package org.medledger.reportchain.report;

import java.time.Clock;
import org.medledger.reportchain.storage.CopyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records integrity findings (collection {@code findings}) for the auditor, deduplicated per report, chunk, store
 * and kind. Recording never fails the caller: a finding that cannot be written is logged instead.
 */
public class IntegrityFindings {

    /** {@code detectedBy} of findings made while serving a download. */
    public static final String DOWNLOAD = "download";

    private static final Logger log = LoggerFactory.getLogger(IntegrityFindings.class);

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    public IntegrityFindings(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Records one bad copy of chunk {@code chunkIndex} of {@code reportId}. */
    public Mono<Void> chunkCopy(String reportId, int chunkIndex, CopyFailure failure, String detectedBy) {
        return upsert(reportId, chunkIndex, failure.location().store(), failure.location().bucket(),
                failure.location().key(), failure.kind().name(), failure.reason(), detectedBy);
    }

    /** Records every bad copy in {@code failures}. */
    public Mono<Void> chunkCopies(String reportId, int chunkIndex, Iterable<CopyFailure> failures,
            String detectedBy) {
        return Flux.fromIterable(failures)
                .concatMap(failure -> chunkCopy(reportId, chunkIndex, failure, detectedBy))
                .then();
    }

    /** Records a manifest that is not self-consistent. */
    public Mono<Void> manifest(String reportId, String reason, String detectedBy) {
        return upsert(reportId, -1, "manifest", null, null, Finding.MANIFEST, reason, detectedBy);
    }

    private Mono<Void> upsert(String reportId, int chunkIndex, String store, String bucket, String key, String kind,
            String reason, String detectedBy) {
        String id = reportId + ":" + chunkIndex + ":" + store + ":" + kind;
        var now = clock.instant();
        Update update = new Update()
                .setOnInsert("reportId", reportId)
                .setOnInsert("chunkIndex", chunkIndex)
                .setOnInsert("store", store)
                .setOnInsert("kind", kind)
                .setOnInsert("firstSeenAt", now)
                .set("bucket", bucket)
                .set("key", key)
                .set("reason", reason)
                .set("detectedBy", detectedBy)
                .set("status", Finding.OPEN)
                .set("lastSeenAt", now)
                .inc("occurrences", 1);
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(id)), update,
                        FindAndModifyOptions.options().upsert(true).returnNew(true), Finding.class)
                .doOnNext(finding -> log.warn("Integrity finding {} on report {} chunk {} in {}: {}", kind, reportId,
                        chunkIndex, store, reason))
                .onErrorResume(e -> {
                    log.error("Could not record integrity finding {} on report {} chunk {} in {}: {}", kind,
                            reportId, chunkIndex, store, e.getClass().getSimpleName());
                    return Mono.empty();
                })
                .then();
    }
}
