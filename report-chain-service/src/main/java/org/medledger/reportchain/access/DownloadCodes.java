package org.medledger.reportchain.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.medledger.events.EventCodec;
import org.medledger.events.report.DownloadCodeIssued;
import org.medledger.reportchain.ledger.ContentHashes;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.TooManyRequestsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Mono;

/**
 * One-time download codes (SPEC flow 7): issued to whoever may read a report, e-mailed through
 * {@code DownloadCodeIssued} (outbox of the code's own document, so the code and its event are written together),
 * exchanged once for a {@linkplain DownloadTokens download token}. One active code per report and caller: a new
 * code supersedes the previous one, and the wrong-attempt limit counts against the active code. The hourly cap per
 * account is a {@link CodeQuota} slot taken atomically before the code is made.
 */
public class DownloadCodes {

    private static final Logger log = LoggerFactory.getLogger(DownloadCodes.class);
    /** The window of {@code medledger.access.codes-per-hour}. */
    private static final Duration QUOTA_WINDOW = Duration.ofHours(1);

    private final ReactiveMongoTemplate mongo;
    private final AccessDenials denials;
    private final DownloadTokens tokens;
    private final Ledger ledger;
    private final EventCodec codec;
    private final OutboxRelay outboxRelay;
    private final AccessProperties properties;
    private final Clock clock;
    private final CodeQuota quota;

    DownloadCodes(ReactiveMongoTemplate mongo, AccessDenials denials, DownloadTokens tokens, Ledger ledger,
            EventCodec codec, OutboxRelay outboxRelay, AccessProperties properties, Clock clock) {
        this.mongo = mongo;
        this.denials = denials;
        this.tokens = tokens;
        this.ledger = ledger;
        this.codec = codec;
        this.outboxRelay = outboxRelay;
        this.properties = properties;
        this.clock = clock;
        this.quota = new CodeQuota(mongo, clock, QUOTA_WINDOW);
    }

    /**
     * Issues a code for {@code caller} on report {@code reportId}.
     *
     * @return the code's expiry; errors: 404 {@code report-not-found} (on the ledger if the report exists), 429
     *     {@code too-many-codes}
     */
    public Mono<Instant> issue(CurrentUser caller, String reportId) {
        return denials.readable(caller, reportId, "download-code")
                .flatMap(report -> quota.take(caller.id(), properties.codesPerHour())
                        .switchIfEmpty(Mono.error(() -> new TooManyRequestsException("too-many-codes", "At most "
                                + properties.codesPerHour() + " download codes per hour; try again later."))))
                .flatMap(slot -> create(caller, reportId, slot));
    }

    private Mono<Instant> create(CurrentUser caller, String reportId, CodeQuota.Slot slot) {
        Instant now = clock.instant();
        String code = Secrets.code(properties.codeDigits());
        String salt = Secrets.salt();
        String id = UUID.randomUUID().toString();
        Instant expiresAt = now.plus(properties.codeTtl());
        var event = codec.prepare(new DownloadCodeIssued(reportId, caller.id(), code, expiresAt));
        DownloadCode document = new DownloadCode(id, reportId, caller.id(), salt,
                Secrets.codeHash(salt, code), DownloadCode.Status.ACTIVE, 0, now, expiresAt, List.of(event));
        Query previous = Query.query(Criteria.where("reportId").is(reportId).and("userId").is(caller.id())
                .and("status").is(DownloadCode.Status.ACTIVE));
        return mongo.updateMulti(previous, new Update().set("status", DownloadCode.Status.SUPERSEDED),
                        DownloadCode.class)
                .then(mongo.insert(document))
                // no code was made: give the slot back (once the code is stored it counts, whatever follows)
                .onErrorResume(e -> quota.release(slot).onErrorComplete().then(Mono.error(e)))
                .doOnSuccess(saved -> outboxRelay.nudge())
                .then(ledger.append(LedgerEntryKind.DOWNLOAD_CODE_ISSUED, caller.id(), reportId,
                        ContentHashes.ofFields(Map.of("codeId", id, "reportId", reportId,
                                "userId", caller.id(), "expiresAt", expiresAt.toString())),
                        Map.of("codeId", id, "expiresAt", expiresAt.toString())))
                .doOnSuccess(entry -> log.info("Download code {} issued for report {} to {}", id, reportId,
                        caller.id()))
                .thenReturn(expiresAt);
    }

    /**
     * Exchanges {@code code} for a download token: the caller's newest code for this report must be active,
     * unexpired and match. A wrong code counts an attempt; the {@code maxAttempts}-th voids the code.
     *
     * @return errors: 404 {@code report-not-found}; 403 {@code no-download-code}, {@code code-expired},
     *     {@code code-used}, {@code code-voided}, {@code code-invalid}
     */
    public Mono<DownloadTokens.Issued> exchange(CurrentUser caller, String reportId, String code) {
        return denials.readable(caller, reportId, "download-token")
                .flatMap(report -> mongo.findOne(Query.query(Criteria.where("reportId").is(reportId)
                                .and("userId").is(caller.id())).with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(1),
                        DownloadCode.class))
                .switchIfEmpty(Mono.error(() -> new DownloadRefusedException("no-download-code",
                        "No download code was issued to you for this report; request one first.")))
                .flatMap(latest -> check(latest, code))
                .flatMap(used -> tokens.mint(caller.id(), reportId))
                .onErrorResume(DownloadRefusedException.class, e -> denials.record(caller, reportId,
                        "download-token", e.reason()).then(Mono.error(e)));
    }


    private Mono<DownloadCode> check(DownloadCode latest, String code) {
        Instant now = clock.instant();
        switch (latest.status()) {
            case USED -> {
                return Mono.error(new DownloadRefusedException("code-used",
                        "This download code has already been used; request a new one."));
            }
            case VOIDED -> {
                return Mono.error(new DownloadRefusedException("code-voided",
                        "Too many wrong codes: this download code is void; request a new one."));
            }
            case SUPERSEDED -> {
                return Mono.error(new DownloadRefusedException("no-download-code",
                        "No active download code for this report; request one."));
            }
            default -> {
            }
        }
        if (!latest.expiresAt().isAfter(now)) {
            return Mono.error(new DownloadRefusedException("code-expired",
                    "This download code has expired; request a new one."));
        }
        Criteria live = Criteria.where("_id").is(latest.id()).and("status").is(DownloadCode.Status.ACTIVE)
                .and("expiresAt").gt(now).and("attempts").lt(properties.maxAttempts());
        if (Secrets.matches(latest.salt(), latest.hash(), code)) {
            return mongo.findAndModify(Query.query(live), new Update().set("status", DownloadCode.Status.USED),
                            FindAndModifyOptions.options().returnNew(true), DownloadCode.class)
                    .switchIfEmpty(Mono.error(() -> new DownloadRefusedException("code-used",
                            "This download code has already been used; request a new one.")));
        }
        return mongo.findAndModify(Query.query(live), new Update().inc("attempts", 1),
                        FindAndModifyOptions.options().returnNew(true), DownloadCode.class)
                .flatMap(counted -> {
                    int left = properties.maxAttempts() - counted.attempts();
                    if (left > 0) {
                        return Mono.<DownloadCode>error(new DownloadRefusedException("code-invalid",
                                "Wrong download code; " + left + " attempt(s) left."));
                    }
                    return mongo.updateFirst(Query.query(Criteria.where("_id").is(counted.id())),
                                    new Update().set("status", DownloadCode.Status.VOIDED), DownloadCode.class)
                            .then(Mono.error(new DownloadRefusedException("code-voided",
                                    "Too many wrong codes: this download code is void; request a new one.")));
                })
                .switchIfEmpty(Mono.error(() -> new DownloadRefusedException("code-voided",
                        "This download code is no longer valid; request a new one.")));
    }
}
