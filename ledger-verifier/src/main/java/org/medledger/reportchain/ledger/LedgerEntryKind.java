package org.medledger.reportchain.ledger;

import java.util.Arrays;

/**
 * What a ledger entry records. Each kind has a fixed one-byte {@linkplain #code() code} that goes into the
 * canonical entry encoding ({@link LedgerEncoding}); codes are never reused or renumbered, so the enum may be
 * reordered or extended without changing any leaf hash.
 */
public enum LedgerEntryKind {

  /** A report was stored; content hash = the report's Merkle root. */
  REPORT_STORED(1),
  /** A doctor asked for access to a report. */
  ACCESS_REQUESTED(2),
  /** The patient (or a confirmed code) granted access. */
  ACCESS_GRANTED(3),
  /** The patient refused an access request. */
  ACCESS_DENIED(4),
  /** A grant was revoked or expired. */
  ACCESS_REVOKED(5),
  /** A one-time download code was issued (the code itself is never on the ledger). */
  DOWNLOAD_CODE_ISSUED(6),
  /** A report was downloaded (served completely and verified). */
  REPORT_DOWNLOADED(7),
  /** Someone tried to read a report without access. */
  ACCESS_DENIED_ATTEMPT(8),
  /** An integrity audit finished; content hash = hash of its findings. */
  AUDIT_RESULT(9),
  /** A key-encryption key was rotated. */
  KEY_ROTATED(10),
  /**
   * The ledger signing key changes after this entry's block: attributes name the new key ({@link LedgerKeyTransition}).
   * The block holding it is the last one signed by the previous key.
   */
  LEDGER_KEY_ROTATED(11);

  private final int code;

  LedgerEntryKind(int code) {
    this.code = code;
  }

  /** The kind's byte in the canonical encoding, 1..255. */
  public int code() {
    return code;
  }

  /** The kind with {@code code}. */
  public static LedgerEntryKind ofCode(int code) {
    return Arrays.stream(values())
        .filter(kind -> kind.code == code)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no ledger entry kind has code " + code));
  }
}
