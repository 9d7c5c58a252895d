package org.medledger.reportchain.report;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.events.EventCodec;
import org.medledger.events.report.ReportDownloaded;
import org.medledger.support.events.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Puts each download on the ledger twice:
 * <ol>
 *   <li>{@link #record} when it starts: a {@code STARTED} entry and {@code ReportDownloaded} in the manifest's outbox,
 *       once the content is verified up to its first chunk and before any byte is sent, so every access to a
 *       report's plaintext is on the ledger even if the service dies mid-stream;</li>
 *   <li>{@link #served} when the stream ends: {@code COMPLETED} with the bytes served, or {@code ABORTED} (the
 *       client went away) / {@code FAILED} (the service broke the stream off) with the bytes handed to the
 *       connection before that. A download cut short is never recorded as complete.</li>
 * </ol>
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

    /** Records {@code userId} starting to download {@code report}; completes with the ledger entry id. */
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

    /**
     * {@code body} counted as it is served; when it ends (completes, is cancelled, or fails) the outcome and the bytes
     * served are appended to the ledger. The end is recorded in the background: a cancelled stream has no one left to
     * wait for it, and a ledger hiccup must not turn a whole download into a broken one. A failure to record is
     * logged (the {@code STARTED} entry already names the access).
     */
    public Flux<DataBuffer> served(Report report, String userId, Flux<DataBuffer> body) {
        return Flux.defer(() -> {
            AtomicLong bytes = new AtomicLong();
            AtomicBoolean ended = new AtomicBoolean();
            return body.doOnNext(buffer -> bytes.addAndGet(buffer.readableByteCount()))
                    .doFinally(signal -> {
                        if (!ended.compareAndSet(false, true)) {
                            return;
                        }
                        long served = bytes.get();
                        LedgerRecorder.DownloadOutcome outcome = switch (signal) {
                            case ON_COMPLETE -> served == report.size() ? LedgerRecorder.DownloadOutcome.COMPLETED
                                    : LedgerRecorder.DownloadOutcome.FAILED;
                            case CANCEL -> LedgerRecorder.DownloadOutcome.ABORTED;
                            default -> LedgerRecorder.DownloadOutcome.FAILED;
                        };
                        ended(report, userId, outcome, served).subscribe(null, e -> log.error(
                                "Report {} download by {} ended {} after {} bytes, not recorded on the ledger: {}",
                                report.id(), userId, outcome, served, e.toString()));
                    });
        });
    }

    private Mono<String> ended(Report report, String userId, LedgerRecorder.DownloadOutcome outcome, long served) {
        var entry = new LedgerRecorder.ReportDownloadedEntry(report.id(), userId, report.patientId(),
                report.rootHash(), clock.instant(), outcome, served, report.size());
        return ledger.reportDownloaded(entry)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(200)))
                .doOnNext(entryId -> log.info("Report {} download by {} {} after {} of {} bytes (ledger entry {})",
                        report.id(), userId, outcome, served, report.size(), entryId));
    }
}
