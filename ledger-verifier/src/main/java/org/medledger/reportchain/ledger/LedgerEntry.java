package org.medledger.reportchain.ledger;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One event on the ledger. It names who did what to which report, when, and a hash of the event's content;
 * never plaintext, never names or e-mail addresses, never one-time codes.
 *
 * <p>The leaf of the ledger's Merkle tree is the {@linkplain LedgerEncoding#entry canonical encoding} of
 * {@code id, kind, actor, reportId, time, contentHash, attributes}. The position fields
 * ({@code leafIndex}, {@code blockHeight}) are assigned when a block seals the entry and are {@code null}
 * while it is pending; they are not part of the leaf (the position is what the tree proves).
 *
 * @param id random UUID, lowercase canonical form
 * @param kind what happened
 * @param actor Keycloak subject of whoever caused it ({@code system:...} for the service itself)
 * @param reportId the report concerned, or {@code null} (e.g. a key rotation or a whole-store audit)
 * @param time when the entry was appended, millisecond precision
 * @param contentHash lowercase hex SHA-256 of the event's canonical content (for {@code REPORT_STORED}, the
 *     report's Merkle root)
 * @param attributes small non-sensitive facts (ids, outcomes); sorted by key
 * @param leafIndex position in the whole log, once sealed
 * @param blockHeight the block that sealed it, once sealed
 */
public record LedgerEntry(
    String id,
    LedgerEntryKind kind,
    String actor,
    String reportId,
    Instant time,
    String contentHash,
    SortedMap<String, String> attributes,
    Long leafIndex,
    Long blockHeight) {

  /**
   * Attribute of a {@code REPORT_STORED} entry: the salted {@link PlaintextCommitment} to the report file as
   * uploaded. The content hash (the Merkle root) commits to the ciphertext, which a receipt holder never sees; this
   * commits to the file.
   */
  public static final String PLAINTEXT_COMMITMENT = "plaintextCommitment";

  public LedgerEntry {
    attributes = attributes == null
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  /** A pending (not yet sealed) entry. */
  public static LedgerEntry pending(String id, LedgerEntryKind kind, String actor, String reportId, Instant time,
      String contentHash, Map<String, String> attributes) {
    return new LedgerEntry(id, kind, actor, reportId, time, contentHash,
        attributes == null ? null : new TreeMap<>(attributes), null, null);
  }

  /** This entry at {@code leafIndex} in block {@code blockHeight}. */
  public LedgerEntry atPosition(long leafIndex, long blockHeight) {
    return new LedgerEntry(id, kind, actor, reportId, time, contentHash, attributes, leafIndex, blockHeight);
  }

  /** Whether a block has sealed the entry. */
  public boolean sealed() {
    return leafIndex != null && blockHeight != null;
  }
}
