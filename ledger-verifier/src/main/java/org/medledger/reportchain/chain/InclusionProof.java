package org.medledger.reportchain.chain;

import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the audit path of leaf {@code leafIndex} in the tree of
 * {@code treeSize} leaves, sibling hashes ordered from the leaf up. Immutable (arrays copied in and out).
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> hashes) {

  public InclusionProof {
    hashes = hashes.stream().map(byte[]::clone).toList();
  }

  @Override
  public List<byte[]> hashes() {
    return hashes.stream().map(byte[]::clone).toList();
  }

  /** Compares hash contents, not array identity. */
  @Override
  public boolean equals(Object other) {
    return other instanceof InclusionProof that && leafIndex == that.leafIndex && treeSize == that.treeSize
        && Hashes.equal(hashes, that.hashes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(leafIndex) * 31 + Long.hashCode(treeSize) + Hashes.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "InclusionProof[leafIndex=" + leafIndex + ", treeSize=" + treeSize
        + ", hashes=" + Hashes.toHex(hashes) + "]";
  }
}
