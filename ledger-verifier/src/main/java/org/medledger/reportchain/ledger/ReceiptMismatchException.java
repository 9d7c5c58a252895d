package org.medledger.reportchain.ledger;

/**
 * A receipt is about something other than what the caller holds: another content hash (another file), another
 * report id, or another kind of entry.
 */
public final class ReceiptMismatchException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  public ReceiptMismatchException(String what, String expected, String found) {
    super("receipt mismatch", -1, what, expected, found, null);
  }
}
