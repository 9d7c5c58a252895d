package org.medledger.reportchain.ledger;

/**
 * The next block is not at the next height: {@code found > expected} means blocks are missing (deleted, or
 * not delivered), {@code found < expected} an out-of-order or replayed block older than the trusted head.
 */
public final class LedgerGapException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  private final long expectedHeight;
  private final long foundHeight;

  public LedgerGapException(long expectedHeight, long foundHeight) {
    super("ledger gap", foundHeight, "height", Long.toString(expectedHeight), Long.toString(foundHeight), null);
    this.expectedHeight = expectedHeight;
    this.foundHeight = foundHeight;
  }

  public long expectedHeight() {
    return expectedHeight;
  }

  public long foundHeight() {
    return foundHeight;
  }
}
