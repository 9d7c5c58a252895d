package org.medledger.reportchain.ledger;

import java.util.HexFormat;
import org.medledger.reportchain.chain.ProofVerificationException;
import org.medledger.reportchain.chain.RootMismatchException;

/**
 * An inclusion or consistency proof does not verify against a signed head. The cause is the
 * {@link ProofVerificationException} of the chain package; for a root mismatch expected and found are the
 * signed root and the root the proof yields.
 */
public final class LedgerProofException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  public LedgerProofException(long height, String what, ProofVerificationException cause) {
    super("proof failed", height, what + " (" + cause.getMessage() + ")", expected(cause), found(cause), cause);
  }

  private static String expected(ProofVerificationException cause) {
    return cause instanceof RootMismatchException mismatch ? HexFormat.of().formatHex(mismatch.expected()) : "a valid proof";
  }

  private static String found(ProofVerificationException cause) {
    return cause instanceof RootMismatchException mismatch ? HexFormat.of().formatHex(mismatch.calculated()) : "a malformed proof";
  }
}
