package org.medledger.reportchain.ledger;

import org.medledger.reportchain.crypto.LedgerSigner;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.NotFoundException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Ledger receipts: the proof, checkable offline with only the ledger's public key (the one that signed the
 * receipt's head: after a rotation, receipts issued earlier name the old key, which stays published), that a report with a given
 * Merkle root was stored. The report web layer serves them at {@code GET /api/reports/{id}/receipt} after its own
 * access check; this service does no authorization.
 *
 * <p>A receipt is built against the latest signed head and verified with {@link LedgerVerifier} before it is
 * returned.
 */
public class ReceiptService {

  private static final Logger log = LoggerFactory.getLogger(ReceiptService.class);

  /** Receipt format. */
  public static final int VERSION = 1;

  private final LedgerStore store;
  private final LedgerQueries queries;
  private final LedgerSigningKeys keys;

  ReceiptService(LedgerStore store, LedgerQueries queries, LedgerSigningKeys keys) {
    this.store = store;
    this.queries = queries;
    this.keys = keys;
  }

  /**
   * The receipt of the report's {@code REPORT_STORED} entry (the first, should there be several).
   *
   * @return fails with {@link NotFoundException} ({@code ledger-receipt-not-found}) if the ledger has no such
   *     entry, {@link ConflictException} ({@code ledger-entry-pending}) while it waits for its block (about a
   *     second)
   */
  public Mono<LedgerReceipt> receiptFor(String reportId) {
    return store.blocksForReport(reportId, LedgerEntryKind.REPORT_STORED)
        .concatMapIterable(Block::entries)
        .filter(entry -> entry.kind() == LedgerEntryKind.REPORT_STORED && reportId.equals(entry.reportId()))
        .next()
        .switchIfEmpty(Mono.defer(() -> store.pendingForReport(reportId, LedgerEntryKind.REPORT_STORED).next()
            .flatMap(pending -> Mono.<LedgerEntry>error(new ConflictException("ledger-entry-pending",
                "The report's ledger entry is not sealed into a block yet; retry in a few seconds.")))
            .switchIfEmpty(Mono.error(() -> new NotFoundException("ledger-receipt-not-found",
                "The ledger holds no stored-report entry for this report.")))))
        .flatMap(this::receipt);
  }

  /** The receipt of any sealed entry (404 if unknown, 409 while pending). */
  public Mono<LedgerReceipt> receiptForEntry(String entryId) {
    return queries.sealedEntry(entryId).flatMap(this::receipt);
  }

  private Mono<LedgerReceipt> receipt(LedgerEntry entry) {
    return queries.latestHead()
        .flatMap(head -> queries.inclusion(entry, head))
        .map(proof -> {
          LedgerReceipt receipt = new LedgerReceipt(VERSION, proof.entry(), proof.leafHash(), proof.leafIndex(),
              proof.treeSize(), proof.auditPath(), proof.head(), LedgerSigner.ALGORITHM, proof.head().keyId());
          try {
            LedgerVerifier.verifyReceipt(receipt, keys.publicKeyOf(receipt.head()));
          } catch (LedgerVerificationException e) {
            log.error("Ledger receipt for entry {} failed its own verification: {}", entry.id(), e.getMessage());
            throw new ServiceUnavailableException("ledger-integrity-failure",
                "The ledger failed an integrity self-check while building this receipt; operators have been alerted.");
          }
          return receipt;
        });
  }
}
