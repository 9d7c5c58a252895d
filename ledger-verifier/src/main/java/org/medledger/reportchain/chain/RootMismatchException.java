package org.medledger.reportchain.chain;

/**
 * A well-formed proof hashes to a root other than the expected one. Carries both roots; the message shows
 * them in hex.
 */
public final class RootMismatchException extends ProofVerificationException {

  private static final long serialVersionUID = 1L;

  private final byte[] expected;
  private final byte[] calculated;

  /**
   * @param what which root, e.g. "root", "first root", "second root"
   */
  public RootMismatchException(String what, byte[] expected, byte[] calculated) {
    super(what + " mismatch: expected " + hex(expected) + ", calculated " + hex(calculated));
    this.expected = expected.clone();
    this.calculated = calculated.clone();
  }

  public byte[] expected() {
    return expected.clone();
  }

  public byte[] calculated() {
    return calculated.clone();
  }
}
