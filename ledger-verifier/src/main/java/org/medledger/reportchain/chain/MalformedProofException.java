package org.medledger.reportchain.chain;

/**
 * A proof fails its preconditions: index not below the tree size, sizes out of order, a hash of the wrong
 * length, or a proof with more or fewer elements than RFC 9162 requires for the claimed position.
 */
public final class MalformedProofException extends ProofVerificationException {

  private static final long serialVersionUID = 1L;

  public MalformedProofException(String message) {
    super(message);
  }
}
