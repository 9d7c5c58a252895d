package org.medledger.reportchain.audit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportChunk;
import org.medledger.reportchain.storage.ChunkLocation;
import org.medledger.reportchain.storage.ObjectKeys;
import org.medledger.reportchain.storage.ObjectMissingException;
import org.medledger.reportchain.storage.ObjectStore;
import org.medledger.reportchain.storage.ObjectTruncatedException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks every copy of one chunk against its manifest entry (exists, size, SHA-256 of the stored bytes) and
 * repairs missing or corrupt copies from a copy that passed, re-reading each rewritten copy to verify it. Copies are
 * read one after the other, so a chunk check holds at most one healthy copy in memory.
 *
 * <p>A repaired copy is written as a new object of its own in the same store, and the manifest's location of that
 * copy is moved to it: the damaged object may hold other chunks of the report, healthy ones, that a rewrite in
 * place would have to read first (and could not, were the object gone). The damaged object stays while other
 * chunks use it; the orphan sweep deletes it once no manifest does.
 */
class ChunkAuditor {

    private static final HexFormat HEX = HexFormat.of();

    enum State { OK, MISSING, CORRUPT, UNREADABLE }

    /** One copy as read. {@code data} is kept only for a healthy copy. */
    record CopyRead(ChunkLocation location, State state, String reason, byte[] data) {
    }

    /** The outcome of one chunk: copies read and the problems with what was done about them. */
    record Outcome(int copies, int damaged, int repaired, int unreadable, boolean lost, boolean healthyNow,
            List<AuditFinding> findings) {
    }

    private final Map<String, ObjectStore> stores;
    private final ReactiveMongoTemplate mongo;

    ChunkAuditor(Map<String, ObjectStore> stores, ReactiveMongoTemplate mongo) {
        this.stores = stores;
        this.mongo = mongo;
    }

    /**
     * @param repairAllowed whether the manifest is trusted (self-consistent and matching the ledger); without that
     *     nothing is rewritten
     */
    Mono<Outcome> audit(String reportId, ReportChunk chunk, boolean repairAllowed) {
        return Flux.fromIterable(chunk.locations())
                .concatMap(location -> read(location, chunk))
                .collectList()
                .flatMap(reads -> settle(reportId, chunk, reads, repairAllowed));
    }

    private Mono<Outcome> settle(String reportId, ReportChunk chunk, List<CopyRead> reads, boolean repairAllowed) {
        CopyRead healthy = reads.stream().filter(r -> r.state() == State.OK).findFirst().orElse(null);
        List<CopyRead> damaged = reads.stream()
                .filter(r -> r.state() == State.MISSING || r.state() == State.CORRUPT).toList();
        List<CopyRead> unreadable = reads.stream().filter(r -> r.state() == State.UNREADABLE).toList();
        List<AuditFinding> findings = new ArrayList<>();
        unreadable.forEach(r -> findings.add(finding(reportId, chunk, r, AuditFinding.NOT_REPAIRED)));
        if (damaged.isEmpty()) {
            return Mono.just(new Outcome(reads.size(), 0, 0, unreadable.size(), false, unreadable.isEmpty(),
                    findings));
        }
        if (healthy == null) {
            boolean lost = unreadable.isEmpty();
            String action = lost ? AuditFinding.LOST : AuditFinding.NOT_REPAIRED;
            damaged.forEach(r -> findings.add(finding(reportId, chunk, r, action)));
            return Mono.just(new Outcome(reads.size(), damaged.size(), 0, unreadable.size(), lost, false, findings));
        }
        if (!repairAllowed) {
            damaged.forEach(r -> findings.add(finding(reportId, chunk, r, AuditFinding.NOT_REPAIRED)));
            return Mono.just(new Outcome(reads.size(), damaged.size(), 0, unreadable.size(), false, false, findings));
        }
        byte[] data = healthy.data();
        return Flux.fromIterable(damaged)
                .concatMap(copy -> repair(reportId, copy, chunk, data)
                        .map(ok -> {
                            synchronized (findings) {
                                findings.add(finding(reportId, chunk, copy,
                                        ok ? AuditFinding.REPAIRED : AuditFinding.REPAIR_FAILED));
                            }
                            return ok;
                        }))
                .filter(Boolean::booleanValue)
                .count()
                .map(repaired -> new Outcome(reads.size(), damaged.size(), repaired.intValue(), unreadable.size(),
                        false, repaired == damaged.size() && unreadable.isEmpty(), findings));
    }

    /**
     * Writes {@code data} to a new object in the copy's store, reads it back and verifies it, then moves the
     * manifest's location of the copy there, unless the manifest changed meanwhile (then the new object is deleted).
     */
    private Mono<Boolean> repair(String reportId, CopyRead copy, ReportChunk chunk, byte[] data) {
        ChunkLocation damaged = copy.location();
        ObjectStore store = stores.get(damaged.store());
        int position = chunk.locations().indexOf(damaged);
        if (store == null || position < 0) {
            return Mono.just(false);
        }
        ChunkLocation repaired = new ChunkLocation(damaged.store(), store.bucket(), ObjectKeys.random(), 0L);
        String path = "chunks." + chunk.index() + ".locations." + position;
        Query unchanged = Query.query(Criteria.where("_id").is(reportId)
                .and(path + ".store").is(damaged.store())
                .and(path + ".key").is(damaged.key()));
        return store.put(repaired.key(), List.of(data))
                .then(read(repaired, chunk))
                .flatMap(reread -> reread.state() != State.OK ? Mono.just(false)
                        : mongo.updateFirst(unchanged, new Update().set(path, repaired), Report.class)
                                .map(result -> result.getModifiedCount() == 1))
                .flatMap(moved -> moved ? Mono.just(true)
                        : store.delete(repaired.key()).onErrorComplete().thenReturn(false))
                .onErrorReturn(false);
    }

    /** Reads one copy (its byte range of the chunk's sealed size) and verifies its size and SHA-256. */
    Mono<CopyRead> read(ChunkLocation location, ReportChunk chunk) {
        ObjectStore store = stores.get(location.store());
        if (store == null) {
            return Mono.just(new CopyRead(location, State.UNREADABLE, "unknown store " + location.store(), null));
        }
        return store.get(location.key(), location.offset(), chunk.sealedSize())
                .map(bytes -> verify(location, chunk, bytes))
                .onErrorResume(ObjectMissingException.class,
                        e -> Mono.just(new CopyRead(location, State.MISSING, "object missing", null)))
                .onErrorResume(ObjectTruncatedException.class,
                        e -> Mono.just(new CopyRead(location, State.CORRUPT, "object ends before the chunk does",
                                null)))
                .onErrorResume(e -> Mono.just(new CopyRead(location, State.UNREADABLE,
                        "store unreadable: " + e.getClass().getSimpleName(), null)));
    }

    private static CopyRead verify(ChunkLocation location, ReportChunk chunk, byte[] bytes) {
        if (bytes.length != chunk.sealedSize()) {
            return new CopyRead(location, State.CORRUPT,
                    "size " + bytes.length + " expected " + chunk.sealedSize(), null);
        }
        String hash = HEX.formatHex(Sha256.digest(bytes));
        if (!hash.equals(chunk.hash())) {
            return new CopyRead(location, State.CORRUPT, "SHA-256 " + hash + " expected " + chunk.hash(), null);
        }
        return new CopyRead(location, State.OK, null, bytes);
    }

    private static AuditFinding finding(String reportId, ReportChunk chunk, CopyRead read, String action) {
        return new AuditFinding(reportId, chunk.index(), read.location().store(), read.state().name(), read.reason(),
                action);
    }
}
