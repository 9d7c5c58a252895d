package org.medledger.reportchain.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.bson.Document;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.audit.AuditCompleted;
import org.medledger.events.audit.ChunkLost;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntry;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.ledger.ContentHashes;
import org.medledger.reportchain.report.Finding;
import org.medledger.reportchain.report.IntegrityFindings;
import org.medledger.reportchain.report.ManifestCheck;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportChunk;
import org.medledger.reportchain.storage.ChunkLocation;
import org.medledger.reportchain.storage.CopyFailure;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.support.events.OutboxRelay;
import org.medledger.support.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs integrity audits: verifies the ledger, then every selected chunk copy of every report in scope against its
 * manifest, repairs what has a healthy copy, and records the result in the audit document, on the ledger
 * ({@code AUDIT_RESULT}) and, through the audit's outbox, as {@code AuditCompleted} and {@code ChunkLost} events.
 */
public class AuditService {

    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    /** Actor of scheduled audits. */
    public static final String SCHEDULER = "system:audit-scheduler";

    private final ReactiveMongoTemplate mongo;
    private final PlacementPolicy placement;
    private final ChunkAuditor chunks;
    private final LedgerCheck ledgerCheck;
    private final Ledger ledger;
    private final IntegrityFindings integrityFindings;
    private final EventCodec codec;
    private final ObjectProvider<OutboxRelay> relay;
    private final AuditProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter checked;
    private final Counter damagedCounter;
    private final Counter repairedCounter;
    private final Counter lostCounter;

    AuditService(ReactiveMongoTemplate mongo, PlacementPolicy placement, ChunkAuditor chunks, LedgerCheck ledgerCheck,
            Ledger ledger, IntegrityFindings integrityFindings, EventCodec codec, ObjectProvider<OutboxRelay> relay,
            AuditProperties properties, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.placement = placement;
        this.chunks = chunks;
        this.ledgerCheck = ledgerCheck;
        this.ledger = ledger;
        this.integrityFindings = integrityFindings;
        this.codec = codec;
        this.relay = relay;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.checked = Counter.builder("medledger.audit.chunks.checked").description("Chunk copies audited")
                .register(meters);
        this.damagedCounter = Counter.builder("medledger.audit.chunks.damaged")
                .description("Chunk copies found missing or corrupt").register(meters);
        this.repairedCounter = Counter.builder("medledger.audit.chunks.repaired")
                .description("Chunk copies repaired from a healthy copy").register(meters);
        this.lostCounter = Counter.builder("medledger.audit.chunks.lost")
                .description("Chunks without any healthy copy").register(meters);
    }

    /** Records a new audit and runs it in the background; the returned audit is {@code RUNNING}. */
    public Mono<Audit> start(AuditCompleted.Scope scope, String reportId, Double fraction, String requestedBy) {
        Mono<Void> exists = scope == AuditCompleted.Scope.REPORT
                ? mongo.exists(Query.query(Criteria.where("_id").is(reportId)), Report.class)
                        .filter(Boolean::booleanValue)
                        .switchIfEmpty(Mono.error(() -> new NotFoundException("report-not-found",
                                "There is no report with this id.")))
                        .then()
                : Mono.empty();
        Audit audit = Audit.started(UUID.randomUUID().toString(), scope.name(),
                scope == AuditCompleted.Scope.REPORT ? reportId : null,
                scope == AuditCompleted.Scope.SAMPLE ? fraction : null, requestedBy, clock.instant());
        return exists.then(mongo.insert(audit))
                .doOnNext(saved -> run(saved).subscribeOn(Schedulers.boundedElastic()).subscribe(
                        done -> { }, e -> log.error("Audit {} could not be finished", saved.id(), e)));
    }

    /** An audit by id; 404 if unknown. */
    public Mono<Audit> get(String id) {
        return mongo.findById(id, Audit.class).switchIfEmpty(Mono.error(() ->
                new NotFoundException("audit-not-found", "There is no audit with this id.")));
    }

    /** Audits, newest first. */
    public Flux<Audit> list(int page, int size) {
        Query query = new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).skip((long) page * size)
                .limit(size);
        query.fields().exclude("findings").exclude("outbox");
        return mongo.find(query, Audit.class);
    }

    /** How many audits there are. */
    public Mono<Long> count() {
        return mongo.count(new Query(), Audit.class);
    }

    /** Runs {@code audit} to the end; completes with the finished audit document. */
    Mono<Audit> run(Audit audit) {
        long started = System.nanoTime();
        AuditCompleted.Scope scope = AuditCompleted.Scope.valueOf(audit.scope());
        Criteria openCriteria = Criteria.where("status").is(Finding.OPEN);
        if (audit.reportId() != null) {
            openCriteria = openCriteria.and("reportId").is(audit.reportId());
        }
        Mono<Set<String>> open = mongo.find(Query.query(openCriteria), Finding.class)
                .map(finding -> finding.reportId() + ":" + finding.chunkIndex())
                .collect(Collectors.toSet());
        return Mono.zip(ledgerCheck.verify(), open, sampler(scope, audit.fraction()))
                .flatMap(t -> {
                    Run run = new Run(audit, scope, t.getT2(), t.getT3());
                    return reports(audit)
                            .concatMap(report -> auditReport(run, report))
                            .then(Mono.defer(() -> finish(run, t.getT1(), started)));
                })
                .onErrorResume(e -> fail(audit, e));
    }

    private Flux<Report> reports(Audit audit) {
        Query query = audit.reportId() != null
                ? Query.query(Criteria.where("_id").is(audit.reportId()))
                : new Query().with(Sort.by("_id"));
        query.fields().exclude("outbox");
        return mongo.find(query, Report.class);
    }

    private Mono<Sampler> sampler(AuditCompleted.Scope scope, Double fraction) {
        if (scope != AuditCompleted.Scope.SAMPLE) {
            return Mono.just(Sampler.ALL);
        }
        Query query = new Query();
        query.fields().include("chunkCount");
        return mongo.find(query, Document.class, Report.COLLECTION)
                .map(doc -> doc.get("chunkCount") instanceof Number n ? n.longValue() : 0L)
                .reduce(0L, Long::sum)
                .map(total -> new Sampler(total, (long) Math.ceil(fraction * total)));
    }

    private Mono<Void> auditReport(Run run, Report report) {
        List<ReportChunk> selected = report.chunks().stream()
                .filter(chunk -> run.sampler.select(run.open.contains(report.id() + ":" + chunk.index())))
                .toList();
        boolean manifestFinding = run.open.contains(report.id() + ":-1");
        if (selected.isEmpty() && !manifestFinding && run.scope == AuditCompleted.Scope.SAMPLE) {
            return Mono.empty();
        }
        Tally tally = new Tally();
        boolean manifestOk = true;
        try {
            ManifestCheck.verify(report, placement.name());
        } catch (RuntimeException e) {
            manifestOk = false;
            tally.problem(new AuditFinding(report.id(), -1, "manifest", Finding.MANIFEST, e.getMessage(),
                    AuditFinding.REPORTED));
        }
        boolean trustedManifest = manifestOk;
        return ledgerRoot(report).flatMap(problem -> {
            boolean rootMismatch = false;
            if (!problem.isEmpty()) {
                rootMismatch = !problem.startsWith("no ");
                tally.problem(new AuditFinding(report.id(), -1, "ledger", "LEDGER_ROOT", problem,
                        AuditFinding.REPORTED));
            }
            boolean repairAllowed = trustedManifest && !rootMismatch;
            Mono<Void> manifestResolved = trustedManifest && !rootMismatch && manifestFinding
                    ? resolve(run, report.id(), -1, tally) : Mono.empty();
            return Flux.fromIterable(selected)
                    .flatMap(chunk -> chunks.audit(report.id(), chunk, repairAllowed)
                            .flatMap(outcome -> afterChunk(run, report, chunk, outcome, tally)),
                            Math.max(1, properties.concurrency()))
                    .then(manifestResolved)
                    .then(Mono.defer(() -> record(run, tally)));
        });
    }

    /** "" when the REPORT_STORED entry's content hash is the manifest root, else the problem. */
    private Mono<String> ledgerRoot(Report report) {
        return ledger.entriesForReport(report.id())
                .filter(entry -> entry.kind() == LedgerEntryKind.REPORT_STORED)
                .next()
                .map(entry -> entry.contentHash().equals(report.rootHash()) ? ""
                        : "REPORT_STORED content hash " + entry.contentHash() + " but manifest root "
                                + report.rootHash())
                .defaultIfEmpty("no REPORT_STORED ledger entry");
    }

    private Mono<Void> afterChunk(Run run, Report report, ReportChunk chunk, ChunkAuditor.Outcome outcome,
            Tally tally) {
        tally.add(outcome);
        checked.increment(outcome.copies());
        damagedCounter.increment(outcome.damaged());
        repairedCounter.increment(outcome.repaired());
        if (outcome.lost()) {
            lostCounter.increment();
            run.lost.add(new ChunkLost(run.audit.id(), report.id(), chunk.index()));
        }
        if (outcome.healthyNow()) {
            return run.open.contains(report.id() + ":" + chunk.index())
                    ? resolve(run, report.id(), chunk.index(), tally) : Mono.empty();
        }
        // What stays broken is recorded as a finding, so the next audit (even a sampled one) looks again.
        return Flux.fromIterable(outcome.findings())
                .filter(f -> !AuditFinding.REPAIRED.equals(f.action()))
                .concatMap(f -> {
                    ChunkLocation location = chunk.locations().stream()
                            .filter(l -> l.store().equals(f.store())).findFirst().orElse(null);
                    return location == null ? Mono.empty() : integrityFindings.chunkCopy(report.id(), chunk.index(),
                            new CopyFailure(location, CopyFailure.Kind.valueOf(f.kind()), f.reason()), "audit");
                })
                .then();
    }

    private Mono<Void> resolve(Run run, String reportId, int chunkIndex, Tally tally) {
        Query query = Query.query(Criteria.where("reportId").is(reportId).and("chunkIndex").is(chunkIndex)
                .and("status").is(Finding.OPEN));
        Update update = new Update().set("status", "RESOLVED").set("resolvedAt", clock.instant())
                .set("resolvedBy", run.audit.id());
        return mongo.updateMulti(query, update, Finding.class)
                .doOnNext(result -> tally.resolved(result.getModifiedCount()))
                .then();
    }

    private Mono<Void> record(Run run, Tally tally) {
        Update update;
        List<AuditFinding> kept;
        synchronized (tally) {
            update = new Update().inc("reportsChecked", 1).inc("chunksChecked", tally.chunks)
                    .inc("copiesChecked", tally.copies).inc("damaged", tally.damaged).inc("repaired", tally.repaired)
                    .inc("lost", tally.lost).inc("unreadable", tally.unreadable).inc("problems", tally.problems)
                    .inc("findingsResolved", tally.resolved);
            kept = new ArrayList<>();
            for (AuditFinding finding : tally.findings) {
                if (run.findingsKept.getAndIncrement() < properties.maxFindings()) {
                    kept.add(finding);
                }
            }
        }
        if (!kept.isEmpty()) {
            update.push("findings").each(kept.toArray());
        }
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(run.audit.id())), update, Audit.class).then();
    }

    private Mono<Audit> finish(Run run, LedgerCheck.Result ledgerResult, long startedNanos) {
        return mongo.findById(run.audit.id(), Audit.class).flatMap(current -> {
            Instant finishedAt = clock.instant();
            long durationMs = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
            AuditCompleted.LedgerStatus status = ledgerResult.verified()
                    ? AuditCompleted.LedgerStatus.VERIFIED : AuditCompleted.LedgerStatus.BROKEN;
            long height = Math.max(0, ledgerResult.head().height());
            Map<String, String> summary = new LinkedHashMap<>();
            summary.put("auditId", current.id());
            summary.put("scope", current.scope());
            summary.put("reportId", current.reportId() == null ? "" : current.reportId());
            summary.put("chunksChecked", Long.toString(current.chunksChecked()));
            summary.put("copiesChecked", Long.toString(current.copiesChecked()));
            summary.put("damaged", Long.toString(current.damaged()));
            summary.put("repaired", Long.toString(current.repaired()));
            summary.put("lost", Long.toString(current.lost()));
            summary.put("problems", Long.toString(current.problems()));
            summary.put("ledgerStatus", status.name());
            summary.put("ledgerHeight", Long.toString(height));
            summary.put("ledgerBrokenAt", ledgerResult.brokenAt() == null ? "" : ledgerResult.brokenAt().toString());
            String contentHash = ContentHashes.ofFields(summary);
            Map<String, String> attributes = new LinkedHashMap<>(summary);
            attributes.remove("auditId");
            attributes.put("audit", current.id());
            return ledger.append(LedgerEntryKind.AUDIT_RESULT, current.requestedBy(), current.reportId(),
                            contentHash, attributes)
                    .retryWhen(reactor.util.retry.Retry.backoff(3, Duration.ofMillis(200)))
                    .map(LedgerEntry::id)
                    .flatMap(entryId -> {
                        List<OutgoingEvent> events = new ArrayList<>();
                        events.add(codec.prepare(new AuditCompleted(current.id(),
                                AuditCompleted.Scope.valueOf(current.scope()), current.copiesChecked(),
                                current.damaged(), current.repaired(), current.lost(), status, height, entryId)));
                        run.lost.forEach(lost -> events.add(codec.prepare(lost)));
                        Update update = new Update().set("status", Audit.COMPLETED).set("finishedAt", finishedAt)
                                .set("durationMs", durationMs).set("ledgerStatus", status.name())
                                .set("ledgerHeight", ledgerResult.head().height())
                                .set("ledgerBrokenAt", ledgerResult.brokenAt())
                                .set("ledgerProblem", ledgerResult.problem())
                                .set("ledgerEntryId", entryId).set("contentHash", contentHash);
                        update.push("outbox").each(events.toArray());
                        return mongo.findAndModify(Query.query(Criteria.where("_id").is(current.id())), update,
                                FindAndModifyOptions.options().returnNew(true), Audit.class);
                    })
                    .flatMap(saved -> (ledgerResult.verified()
                            ? ledgerCheck.remember(ledgerResult.head(), saved.id()) : Mono.<Void>empty())
                            .thenReturn(saved))
                    .doOnNext(saved -> {
                        relay.ifAvailable(OutboxRelay::nudge);
                        Timer.builder("medledger.audit.duration").description("Duration of integrity audits")
                                .tag("scope", saved.scope()).register(meters)
                                .record(Duration.ofMillis(durationMs));
                        log.info("Audit {} ({}) finished: {} copies checked, {} damaged, {} repaired, {} lost, "
                                        + "ledger {} at height {}", saved.id(), saved.scope(), saved.copiesChecked(),
                                saved.damaged(), saved.repaired(), saved.lost(), status, saved.ledgerHeight());
                    });
        });
    }

    private Mono<Audit> fail(Audit audit, Throwable e) {
        log.error("Audit {} failed: {}", audit.id(), e.toString());
        Update update = new Update().set("status", Audit.FAILED).set("finishedAt", clock.instant())
                .set("error", e.getClass().getSimpleName());
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(audit.id())), update,
                FindAndModifyOptions.options().returnNew(true), Audit.class);
    }

    /** State of one running audit. */
    private static final class Run {
        final Audit audit;
        final AuditCompleted.Scope scope;
        final Set<String> open;
        final Sampler sampler;
        final List<ChunkLost> lost = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger findingsKept = new AtomicInteger();

        Run(Audit audit, AuditCompleted.Scope scope, Set<String> open, Sampler sampler) {
            this.audit = audit;
            this.scope = scope;
            this.open = open;
            this.sampler = sampler;
        }
    }

    /**
     * Selection sampling (Knuth's algorithm S): of {@code total} chunks met one by one, picks exactly
     * {@code wanted} uniformly at random. Chunks with open findings are always picked (and do not count).
     */
    static final class Sampler {
        static final Sampler ALL = new Sampler(-1, -1);

        private final long total;
        private final long wanted;
        private long seen;
        private long picked;

        Sampler(long total, long wanted) {
            this.total = total;
            this.wanted = wanted;
        }

        synchronized boolean select(boolean forced) {
            if (total < 0 || forced) {
                return true;
            }
            long remaining = total - seen++;
            if (picked >= wanted || remaining <= 0) {
                return false;
            }
            if (ThreadLocalRandom.current().nextDouble() * remaining < wanted - picked) {
                picked++;
                return true;
            }
            return false;
        }
    }

    /** Counts of one report. */
    private static final class Tally {
        long chunks;
        long copies;
        long damaged;
        long repaired;
        long lost;
        long unreadable;
        long problems;
        long resolved;
        final List<AuditFinding> findings = new ArrayList<>();

        synchronized void add(ChunkAuditor.Outcome outcome) {
            chunks++;
            copies += outcome.copies();
            damaged += outcome.damaged();
            repaired += outcome.repaired();
            unreadable += outcome.unreadable();
            if (outcome.lost()) {
                lost++;
            }
            findings.addAll(outcome.findings());
        }

        synchronized void problem(AuditFinding finding) {
            problems++;
            findings.add(finding);
        }

        synchronized void resolved(long count) {
            resolved += count;
        }
    }
}
