package org.medledger.reportchain.chain;

import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof that the tree of {@code size1} leaves is a prefix of the tree of
 * {@code size2} leaves. Immutable (arrays copied in and out).
 */
public record ConsistencyProof(long size1, long size2, List<byte[]> hashes) {

  public ConsistencyProof {
    hashes = hashes.stream().map(byte[]::clone).toList();
  }

  @Override
  public List<byte[]> hashes() {
    return hashes.stream().map(byte[]::clone).toList();
  }

  /** Compares hash contents, not array identity. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ConsistencyProof that && size1 == that.size1 && size2 == that.size2
        && Hashes.equal(hashes, that.hashes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(size1) * 31 + Long.hashCode(size2) + Hashes.hashCode(hashes);
  }

  @Override
  public String toString() {
    return "ConsistencyProof[size1=" + size1 + ", size2=" + size2
        + ", hashes=" + Hashes.toHex(hashes) + "]";
  }
}
