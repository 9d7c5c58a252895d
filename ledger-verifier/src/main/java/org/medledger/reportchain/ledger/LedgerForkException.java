package org.medledger.reportchain.ledger;

/**
 * The data does not extend the history the verifier trusts: a block whose previous hash is not the trusted
 * head's hash, another block at an already trusted height, a tree that is not the trusted tree plus the
 * block's entries, or a new head that is not consistent with the trusted one. Either the ledger was
 * rewritten (even if re-signed) or someone is being shown a different ledger.
 */
public final class LedgerForkException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  public LedgerForkException(long height, String what, String expected, String found) {
    this(height, what, expected, found, null);
  }

  public LedgerForkException(long height, String what, String expected, String found, Throwable cause) {
    super("ledger fork", height, what, expected, found, cause);
  }
}
