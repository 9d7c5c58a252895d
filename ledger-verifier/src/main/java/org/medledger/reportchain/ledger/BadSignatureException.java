package org.medledger.reportchain.ledger;

/**
 * A header is not signed by the expected ledger key: another key id, or a signature that does not verify
 * over the header bytes (the header, including its time, was changed, or the signature was).
 */
public final class BadSignatureException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  public BadSignatureException(long height, String what, String expected, String found, Throwable cause) {
    super("bad signature", height, what, expected, found, cause);
  }
}
