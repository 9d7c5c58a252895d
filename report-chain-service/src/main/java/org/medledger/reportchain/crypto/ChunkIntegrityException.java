package org.medledger.reportchain.crypto;

import java.util.UUID;

/**
 * A sealed chunk failed authentication or is malformed: its bytes were changed, it belongs to another index
 * or another report, it was presented as final but was not sealed as final (truncation) or the reverse, or
 * the key is wrong. No plaintext of a failed chunk is ever returned.
 *
 * <p>Carries only the report id and chunk index, never key material or data. Unchecked so that it flows
 * unchanged through reactive pipelines; failing to catch it fails closed. A chunk that fails here is damaged,
 * not transiently unavailable: retrying the same bytes cannot succeed (read the other copy instead).
 */
public final class ChunkIntegrityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final UUID reportId;
  private final long index;

  public ChunkIntegrityException(UUID reportId, long index, String reason, Throwable cause) {
    super("chunk " + index + " of report " + reportId + " failed integrity check: " + reason, cause);
    this.reportId = reportId;
    this.index = index;
  }

  public UUID reportId() {
    return reportId;
  }

  public long index() {
    return index;
  }
}
