package org.medledger.reportchain.audit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.report.ReportChunk;
import org.medledger.reportchain.storage.ChunkLocation;
import org.medledger.reportchain.storage.ObjectMissingException;
import org.medledger.reportchain.storage.ObjectStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Checks every copy of one chunk against its manifest entry (exists, size, SHA-256 of the stored bytes) and
 * repairs missing or corrupt copies from a copy that passed, re-reading each rewritten copy to verify it. Copies are
 * read one after the other, so a chunk check holds at most one healthy copy in memory.
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

    ChunkAuditor(Map<String, ObjectStore> stores) {
        this.stores = stores;
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
        byte[] sha256 = HEX.parseHex(chunk.hash());
        return Flux.fromIterable(damaged)
                .concatMap(copy -> repair(copy, chunk, data, sha256)
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

    /** Rewrites the copy at its own key from {@code data}, then reads it back and verifies it. */
    private Mono<Boolean> repair(CopyRead copy, ReportChunk chunk, byte[] data, byte[] sha256) {
        ObjectStore store = stores.get(copy.location().store());
        if (store == null) {
            return Mono.just(false);
        }
        return store.put(copy.location().key(), data, sha256)
                .then(read(copy.location(), chunk))
                .map(reread -> reread.state() == State.OK)
                .onErrorReturn(false);
    }

    /** Reads one copy (at most the chunk's sealed size) and verifies its size and SHA-256. */
    Mono<CopyRead> read(ChunkLocation location, ReportChunk chunk) {
        ObjectStore store = stores.get(location.store());
        if (store == null) {
            return Mono.just(new CopyRead(location, State.UNREADABLE, "unknown store " + location.store(), null));
        }
        return store.get(location.key(), chunk.sealedSize())
                .map(bytes -> verify(location, chunk, bytes))
                .onErrorResume(ObjectMissingException.class,
                        e -> Mono.just(new CopyRead(location, State.MISSING, "object missing", null)))
                .onErrorResume(e -> Mono.just(e.getMessage() != null && e.getMessage().contains("object length")
                        ? new CopyRead(location, State.CORRUPT, "size exceeds sealed size " + chunk.sealedSize(), null)
                        : new CopyRead(location, State.UNREADABLE, "store unreadable: " + e.getClass().getSimpleName(),
                                null)));
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
