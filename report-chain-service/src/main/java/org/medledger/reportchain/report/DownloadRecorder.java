package org.medledger.reportchain.report;

import java.time.Clock;
import org.medledger.events.EventCodec;
import org.medledger.events.report.ReportDownloaded;
import org.medledger.support.events.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Mono;

/**
 * Records that a download starts: a ledger entry, and {@code ReportDownloaded} in the manifest's outbox. Called
 * once the content is verified up to its first chunk and before any byte is sent, so every access to a report's
 * plaintext is on the ledger (a download the client then abandons included).
 */
public class DownloadRecorder {

    private static final Logger log = LoggerFactory.getLogger(DownloadRecorder.class);

    private final ReactiveMongoTemplate mongo;
    private final LedgerRecorder ledger;
    private final EventCodec codec;
    private final OutboxRelay outboxRelay;
    private final Clock clock;

    public DownloadRecorder(ReactiveMongoTemplate mongo, LedgerRecorder ledger, EventCodec codec,
            OutboxRelay outboxRelay, Clock clock) {
        this.mongo = mongo;
        this.ledger = ledger;
        this.codec = codec;
        this.outboxRelay = outboxRelay;
        this.clock = clock;
    }

    /** Records {@code userId} downloading {@code report}; completes with the ledger entry id. */
    public Mono<String> record(Report report, String userId) {
        var entry = new LedgerRecorder.ReportDownloadedEntry(report.id(), userId, report.patientId(),
                report.rootHash(), clock.instant());
        return ledger.reportDownloaded(entry).flatMap(entryId -> {
            var event = codec.prepare(new ReportDownloaded(report.id(), userId, report.patientId()));
            return mongo.updateFirst(Query.query(Criteria.where("_id").is(report.id())),
                            new Update().push("outbox", event), Report.class)
                    .doOnSuccess(result -> {
                        outboxRelay.nudge();
                        log.info("Report {} download started by {} (ledger entry {})", report.id(), userId, entryId);
                    })
                    .thenReturn(entryId);
        });
    }
}
