package org.medledger.reportchain.chain;

import java.util.HexFormat;

/**
 * A Merkle proof or hash chain did not verify. Subclasses say why: {@link MalformedProofException} (the
 * proof cannot belong to the claimed position, before any hashing), {@link RootMismatchException} (it hashes
 * to another root), {@link ChainLinkMismatchException} (a chain link differs). Always fatal for the data
 * concerned: retrying the same input gives the same answer.
 *
 * <p>Unchecked so that it flows through reactive pipelines; an uncaught one fails closed.
 */
public abstract class ProofVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  protected ProofVerificationException(String message) {
    super(message);
  }

  static String hex(byte[] bytes) {
    return bytes == null ? "<none>" : HexFormat.of().formatHex(bytes);
  }
}
