package org.medledger.reportchain.report;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The stand-in {@link LedgerRecorder} until the ledger exists: it gives each entry a random id and logs the entry
 * (ids and hashes only). Nothing is signed or kept: replace it with the real ledger.
 */
public class LoggingLedgerRecorder implements LedgerRecorder {

    private static final Logger log = LoggerFactory.getLogger(LoggingLedgerRecorder.class);

    @Override
    public Mono<String> reportStored(ReportStoredEntry entry) {
        return Mono.fromSupplier(() -> {
            String id = UUID.randomUUID().toString();
            log.info("Ledger (stand-in) entry {}: report {} stored, root {}, {} chunks", id, entry.reportId(),
                    entry.rootHash(), entry.chunkCount());
            return id;
        });
    }

    @Override
    public Mono<String> reportDownloaded(ReportDownloadedEntry entry) {
        return Mono.fromSupplier(() -> {
            String id = UUID.randomUUID().toString();
            log.info("Ledger (stand-in) entry {}: report {} download {} by {}, {} of {} bytes", id, entry.reportId(),
                    entry.outcome(), entry.userId(), entry.bytesServed(), entry.size());
            return id;
        });
    }

    @Override
    public Mono<String> keysRotated(KeysRotatedEntry entry) {
        return Mono.fromSupplier(() -> {
            String id = UUID.randomUUID().toString();
            log.info("Ledger (stand-in) entry {}: KEK rotated to {}, {} data keys re-wrapped, {} failed", id,
                    entry.kekVersion(), entry.rewrapped(), entry.failed());
            return id;
        });
    }
}
