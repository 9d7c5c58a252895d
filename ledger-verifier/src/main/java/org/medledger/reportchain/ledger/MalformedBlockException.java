package org.medledger.reportchain.ledger;

/**
 * Ledger data is structurally wrong before any hash is compared: a hash that is not 64 lowercase hex digits,
 * an entry count that does not match, a compact range of the wrong length, unparseable JSON.
 */
public final class MalformedBlockException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  public MalformedBlockException(long height, String what, String expected, String found) {
    this(height, what, expected, found, null);
  }

  public MalformedBlockException(long height, String what, String expected, String found, Throwable cause) {
    super("malformed ledger data", height, what, expected, found, cause);
  }
}
