package org.medledger.reportchain.ledger;

import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * MedLedger's tamper-evident ledger, as the rest of report-chain-service uses it: append an entry for every
 * event that touches a report; a block sealer sequences appended entries into signed blocks within about
 * {@code medledger.ledger.sealer.max-delay}.
 *
 * <p>What goes in: the actor's Keycloak subject, the report id, a content hash (see {@link ContentHashes}) and a
 * few attributes such as request ids or outcomes. Never plaintext, names, e-mail addresses or one-time codes:
 * the ledger is public to every authenticated user and replicated to other hospitals.
 */
public interface Ledger {

  /**
   * Appends an entry. When the returned {@code Mono} completes the entry is durable (in the pending
   * collection); its leaf index is assigned when its block is sealed (see {@link #awaitSealed}).
   *
   * @param kind what happened
   * @param actor Keycloak subject of whoever caused it ({@code system:<component>} for the service itself),
   *     1..256 UTF-8 bytes
   * @param reportId the report concerned, or {@code null}; 1..128 UTF-8 bytes
   * @param contentHash SHA-256 of the event's canonical content, 64 hex digits (for {@code REPORT_STORED}, the
   *     report's Merkle root)
   * @param attributes at most 16; keys {@code [A-Za-z][A-Za-z0-9_-]{0,63}}, values at most 512 UTF-8 bytes
   * @return the pending entry; fails with {@link IllegalArgumentException} for arguments out of bounds
   */
  Mono<LedgerEntry> append(LedgerEntryKind kind, String actor, String reportId, String contentHash,
      Map<String, String> attributes);

  /** {@link #append(LedgerEntryKind, String, String, String, Map)} without attributes. */
  default Mono<LedgerEntry> append(LedgerEntryKind kind, String actor, String reportId, String contentHash) {
    return append(kind, actor, reportId, contentHash, Map.of());
  }

  /** An entry by id: sealed (with its leaf index) or pending; empty if unknown. */
  Mono<LedgerEntry> entry(String entryId);

  /** The entry once a block has sealed it; fails with a {@code TimeoutException} after {@code timeout}. */
  Mono<LedgerEntry> awaitSealed(String entryId, Duration timeout);

  /** Every entry about {@code reportId}: sealed ones in leaf order, then pending ones. */
  Flux<LedgerEntry> entriesForReport(String reportId);
}
