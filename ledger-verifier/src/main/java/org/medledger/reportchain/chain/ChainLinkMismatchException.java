package org.medledger.reportchain.chain;

/**
 * The first link of a hash chain that differs from the recomputed one. Carries the index and both values;
 * every later link is suspect too.
 */
public final class ChainLinkMismatchException extends ProofVerificationException {

  private static final long serialVersionUID = 1L;

  private final long index;
  private final byte[] expected;
  private final byte[] computed;

  public ChainLinkMismatchException(long index, byte[] expected, byte[] computed) {
    super("hash chain link " + index + " mismatch: expected " + hex(expected) + ", computed " + hex(computed));
    this.index = index;
    this.expected = expected.clone();
    this.computed = computed.clone();
  }

  public long index() {
    return index;
  }

  public byte[] expected() {
    return expected.clone();
  }

  public byte[] computed() {
    return computed.clone();
  }
}
