package org.medledger.reportchain.access;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.medledger.events.DomainEvent;
import org.medledger.events.EventCodec;
import org.medledger.events.access.AccessCodeIssued;
import org.medledger.events.access.AccessDenied;
import org.medledger.events.access.AccessGranted;
import org.medledger.events.access.AccessRequested;
import org.medledger.events.access.AccessRevoked;
import org.medledger.reportchain.ledger.ContentHashes;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.report.Report;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SPEC flow 8: another doctor asks for access; the patient gets a one-time code (by e-mail, {@code AccessCodeIssued})
 * and an in-app request ({@code AccessRequested}); the request becomes a grant when the patient approves in the app
 * or the doctor confirms with the code. Every transition is one conditional update of the request document carrying
 * its event in the outbox, then a ledger entry.
 */
public class AccessRequests {

    private static final Logger log = LoggerFactory.getLogger(AccessRequests.class);

    private final ReactiveMongoTemplate mongo;
    private final Ledger ledger;
    private final EventCodec codec;
    private final OutboxRelay outboxRelay;
    private final AccessProperties properties;
    private final Clock clock;

    public AccessRequests(ReactiveMongoTemplate mongo, Ledger ledger, EventCodec codec, OutboxRelay outboxRelay,
            AccessProperties properties, Clock clock) {
        this.mongo = mongo;
        this.ledger = ledger;
        this.codec = codec;
        this.outboxRelay = outboxRelay;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A doctor asks for access to report {@code reportId}.
     *
     * @return the request; errors: 403 {@code role-required}, 404 {@code report-not-found}, 409 {@code own-report},
     *     {@code access-already-granted}, {@code access-request-pending}
     */
    public Mono<AccessRequest> request(CurrentUser caller, String reportId, String reason) {
        return Mono.defer(() -> {
            caller.requireRole(CurrentUser.DOCTOR);
            return mongo.findById(reportId, Report.class);
        }).switchIfEmpty(Mono.error(AccessRequests::reportNotFound)).flatMap(report -> {
            if (report.isOwnedBy(caller.id())) {
                return Mono.error(new ConflictException("own-report",
                        "You are an owner of this report; you need no grant."));
            }
            Instant now = clock.instant();
            Query open = Query.query(Criteria.where("reportId").is(reportId).and("doctorId").is(caller.id())
                    .and("status").in(AccessRequest.Status.PENDING, AccessRequest.Status.GRANTED));
            return mongo.find(open, AccessRequest.class).collectList().flatMap(existing -> {
                if (existing.stream().anyMatch(r -> r.liveAt(now))) {
                    return Mono.error(new ConflictException("access-already-granted",
                            "You already hold a live grant on this report."));
                }
                if (existing.stream().anyMatch(r -> r.status() == AccessRequest.Status.PENDING)) {
                    return Mono.error(new ConflictException("access-request-pending",
                            "Your request for this report is still waiting for the patient."));
                }
                String id = UUID.randomUUID().toString();
                String code = Secrets.code(properties.codeDigits());
                String salt = Secrets.salt();
                Instant codeExpiresAt = now.plus(properties.codeTtl());
                List<org.medledger.events.OutgoingEvent> outbox = List.of(
                        codec.prepare(new AccessRequested(id, reportId, report.patientId(), caller.id(), reason)),
                        codec.prepare(new AccessCodeIssued(id, reportId, report.patientId(), caller.id(), code,
                                codeExpiresAt)));
                AccessRequest request = new AccessRequest(id, reportId, report.patientId(), caller.id(), reason,
                        AccessRequest.Status.PENDING, salt, Secrets.codeHash(salt, code), codeExpiresAt, 0, null,
                        null, now, null, null, null, outbox);
                return mongo.insert(request)
                        .doOnSuccess(saved -> outboxRelay.nudge())
                        .flatMap(saved -> onLedger(LedgerEntryKind.ACCESS_REQUESTED, caller.id(), saved, Map.of())
                                .thenReturn(saved));
            });
        });
    }

    /** The patient approves in the app. Errors: 404 {@code access-request-not-found}, 409 {@code not-pending}. */
    public Mono<AccessRequest> approve(CurrentUser caller, String reportId, String requestId) {
        return ownersRequest(caller, reportId, requestId).flatMap(request -> grant(caller, request, "APP"));
    }

    /** The patient refuses. Errors: 404 {@code access-request-not-found}, 409 {@code not-pending}. */
    public Mono<AccessRequest> deny(CurrentUser caller, String reportId, String requestId) {
        return ownersRequest(caller, reportId, requestId).flatMap(request -> transition(request,
                Criteria.where("status").is(AccessRequest.Status.PENDING),
                new Update().set("status", AccessRequest.Status.DENIED).set("decidedAt", clock.instant()),
                new AccessDenied(request.id(), reportId, request.patientId(), request.doctorId()),
                () -> new ConflictException("not-pending", "This request has already been decided."))
                .flatMap(denied -> onLedger(LedgerEntryKind.ACCESS_DENIED, caller.id(), denied, Map.of())
                        .thenReturn(denied)));
    }

    /** The patient revokes a grant. Errors: 404 {@code access-request-not-found}, 409 {@code not-granted}. */
    public Mono<AccessRequest> revoke(CurrentUser caller, String reportId, String requestId) {
        return ownersRequest(caller, reportId, requestId).flatMap(request -> transition(request,
                Criteria.where("status").is(AccessRequest.Status.GRANTED),
                new Update().set("status", AccessRequest.Status.REVOKED).set("revokedAt", clock.instant()),
                new AccessRevoked(request.id(), reportId, request.patientId(), request.doctorId()),
                () -> new ConflictException("not-granted", "This request is not a grant in force."))
                .flatMap(revoked -> onLedger(LedgerEntryKind.ACCESS_REVOKED, caller.id(), revoked,
                        Map.of("outcome", "revoked")).thenReturn(revoked)));
    }

    /**
     * The asking doctor confirms with the code the patient gave them. Same rules as download codes: unexpired,
     * {@code maxAttempts} wrong codes void it (the patient can still approve in the app).
     *
     * @return errors: 404 {@code access-request-not-found}; 403 {@code code-invalid}, {@code code-expired},
     *     {@code code-voided}; 409 {@code not-pending}
     */
    public Mono<AccessRequest> confirm(CurrentUser caller, String reportId, String requestId, String code) {
        return mongo.findOne(Query.query(Criteria.where("_id").is(requestId).and("reportId").is(reportId)
                        .and("doctorId").is(caller.id())), AccessRequest.class)
                .switchIfEmpty(Mono.error(AccessRequests::requestNotFound))
                .flatMap(request -> {
                    Instant now = clock.instant();
                    if (request.status() != AccessRequest.Status.PENDING) {
                        return Mono.error(new ConflictException("not-pending",
                                "This request has already been decided."));
                    }
                    if (request.codeAttempts() >= properties.maxAttempts()) {
                        return Mono.error(voided());
                    }
                    if (!request.codeExpiresAt().isAfter(now)) {
                        return Mono.error(new DownloadRefusedException("code-expired",
                                "The patient's code has expired; the patient can still approve in the app."));
                    }
                    if (Secrets.matches(request.codeSalt(), request.codeHash(), code)) {
                        return grant(caller, request, "CODE");
                    }
                    return mongo.findAndModify(Query.query(Criteria.where("_id").is(request.id())
                                            .and("status").is(AccessRequest.Status.PENDING)
                                            .and("codeAttempts").lt(properties.maxAttempts())),
                                    new Update().inc("codeAttempts", 1), FindAndModifyOptions.options().returnNew(true),
                                    AccessRequest.class)
                            .switchIfEmpty(Mono.error(AccessRequests::voided))
                            .flatMap(counted -> {
                                int left = properties.maxAttempts() - counted.codeAttempts();
                                return Mono.<AccessRequest>error(left > 0
                                        ? new DownloadRefusedException("code-invalid",
                                                "Wrong code; " + left + " attempt(s) left.")
                                        : voided());
                            });
                })
                .onErrorResume(DownloadRefusedException.class, e -> ledger.append(
                                LedgerEntryKind.ACCESS_DENIED_ATTEMPT, caller.id(), reportIdOrNull(reportId),
                                ContentHashes.ofFields(Map.of("requestId", requestId, "userId", caller.id(),
                                        "reason", e.reason(), "at", clock.instant().toString())),
                                Map.of("step", "confirm", "requestId", requestId, "reason", e.reason()))
                        .then(Mono.error(e)));
    }

    /** The owner patient's view: every request on the report; a doctor's view: their own. */
    public Flux<AccessRequest> list(CurrentUser caller, String reportId) {
        return mongo.findById(reportId, Report.class)
                .switchIfEmpty(Mono.error(AccessRequests::reportNotFound))
                .flatMapMany(report -> {
                    Criteria criteria = Criteria.where("reportId").is(reportId);
                    if (!caller.id().equals(report.patientId())) {
                        criteria = criteria.and("doctorId").is(caller.id());
                    }
                    return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "createdAt")),
                            AccessRequest.class);
                });
    }

    /**
     * Puts every grant that has expired since the last sweep on the ledger ({@code ACCESS_REVOKED}, attribute
     * {@code outcome=expired}); each at most once (conditional update). Access itself ends at expiry regardless:
     * {@link GrantAccessPolicy} compares the expiry with the clock.
     *
     * @return how many expiries were recorded
     */
    public Mono<Long> recordExpiries() {
        Instant now = clock.instant();
        Query expired = Query.query(Criteria.where("status").is(AccessRequest.Status.GRANTED)
                .and("grantExpiresAt").lte(now).and("expiryRecordedAt").is(null)).limit(500);
        return mongo.find(expired, AccessRequest.class)
                .concatMap(request -> mongo.findAndModify(Query.query(Criteria.where("_id").is(request.id())
                                        .and("status").is(AccessRequest.Status.GRANTED)
                                        .and("expiryRecordedAt").is(null)),
                                new Update().set("expiryRecordedAt", now), AccessRequest.class)
                        .flatMap(claimed -> onLedger(LedgerEntryKind.ACCESS_REVOKED, "system:access-expiry", request,
                                Map.of("outcome", "expired", "expiredAt", request.grantExpiresAt().toString()))
                                .thenReturn(1L)))
                .count();
    }

    private Mono<AccessRequest> grant(CurrentUser caller, AccessRequest request, String via) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.grantTtl());
        Criteria pending = Criteria.where("status").is(AccessRequest.Status.PENDING);
        if ("CODE".equals(via)) {
            pending = pending.and("codeAttempts").lt(properties.maxAttempts()).and("codeExpiresAt").gt(now);
        }
        return transition(request, pending,
                new Update().set("status", AccessRequest.Status.GRANTED).set("via", via).set("decidedAt", now)
                        .set("grantExpiresAt", expiresAt)
                        .set("codeAttempts", properties.maxAttempts()),
                new AccessGranted(request.id(), request.reportId(), request.patientId(), request.doctorId(),
                        AccessGranted.Via.valueOf(via), expiresAt),
                () -> new ConflictException("not-pending", "This request has already been decided."))
                .flatMap(granted -> onLedger(LedgerEntryKind.ACCESS_GRANTED, caller.id(), granted,
                        Map.of("via", via, "expiresAt", expiresAt.toString())).thenReturn(granted));
    }

    private Mono<AccessRequest> transition(AccessRequest request, Criteria condition, Update update,
            DomainEvent event, java.util.function.Supplier<RuntimeException> refused) {
        Query query = Query.query(Criteria.where("_id").is(request.id()).andOperator(condition));
        return mongo.findAndModify(query, update.push("outbox", codec.prepare(event)),
                        FindAndModifyOptions.options().returnNew(true), AccessRequest.class)
                .switchIfEmpty(Mono.error(refused))
                .doOnSuccess(changed -> outboxRelay.nudge());
    }

    private Mono<AccessRequest> ownersRequest(CurrentUser caller, String reportId, String requestId) {
        return mongo.findOne(Query.query(Criteria.where("_id").is(requestId).and("reportId").is(reportId)
                        .and("patientId").is(caller.id())), AccessRequest.class)
                .switchIfEmpty(Mono.error(AccessRequests::requestNotFound));
    }

    private Mono<Void> onLedger(LedgerEntryKind kind, String actor, AccessRequest request, Map<String, String> extra) {
        Map<String, String> attributes = new java.util.HashMap<>(extra);
        attributes.put("requestId", request.id());
        attributes.put("doctorId", request.doctorId());
        Map<String, String> content = new java.util.HashMap<>(attributes);
        content.put("kind", kind.name());
        content.put("reportId", request.reportId());
        content.put("patientId", request.patientId());
        return ledger.append(kind, actor, request.reportId(), ContentHashes.ofFields(content), attributes)
                .doOnSuccess(entry -> log.info("Access request {} on report {}: {}", request.id(), request.reportId(),
                        kind))
                .then();
    }

    private static String reportIdOrNull(String reportId) {
        return reportId.length() <= 128 ? reportId : null;
    }

    private static DownloadRefusedException voided() {
        return new DownloadRefusedException("code-voided",
                "Too many wrong codes: the code is void; the patient can still approve in the app.");
    }

    private static NotFoundException reportNotFound() {
        return new NotFoundException("report-not-found", "No such report.");
    }

    private static NotFoundException requestNotFound() {
        return new NotFoundException("access-request-not-found", "No such access request among yours.");
    }
}
