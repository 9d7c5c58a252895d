package org.medledger.reportchain.crypto;

/** A ledger signature does not verify, or the key or signature is malformed. */
public final class LedgerSignatureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LedgerSignatureException(String message) {
    super(message);
  }

  public LedgerSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
