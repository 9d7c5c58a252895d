package org.medledger.reportchain.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * Roots and proofs of RFC 6962 / RFC 9162 Merkle trees over a {@link MerkleNodeSource}.
 *
 * <p>MTH(D[n]) for n &gt; 1 is {@code hashChildren(MTH(D[0:k]), MTH(D[k:n]))} with k the largest power of two
 * smaller than n (RFC 9162 §2.1.1). Every range that this recursion visits starts at a multiple of a power of
 * two at least as large as the range, so it decomposes into aligned perfect subtrees: exactly the nodes a
 * {@link MerkleNodeSource} serves. Proofs follow RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (SUBPROOF) and can be
 * generated for any tree size up to the source's size (for example an older signed tree head).
 */
public final class MerkleTree {

  private MerkleTree() {}

  /** The root over the first {@code treeSize} leaves of {@code source}. */
  public static byte[] root(MerkleNodeSource source, long treeSize) {
    checkSize(source, treeSize);
    return treeSize == 0 ? MerkleHasher.emptyRoot() : rangeHash(source, 0, treeSize);
  }

  /** The root over {@code leafHashes}, computed in one pass with a {@link CompactRange}. */
  public static byte[] root(List<byte[]> leafHashes) {
    CompactRange range = CompactRange.empty();
    leafHashes.forEach(range::append);
    return range.root();
  }

  /** The inclusion proof of leaf {@code leafIndex} in the tree of the first {@code treeSize} leaves. */
  public static InclusionProof inclusionProof(MerkleNodeSource source, long leafIndex, long treeSize) {
    checkSize(source, treeSize);
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException("leaf index " + leafIndex + " not in a tree of " + treeSize);
    }
    List<byte[]> path = new ArrayList<>();
    path(source, leafIndex, 0, treeSize, path);
    return new InclusionProof(leafIndex, treeSize, path);
  }

  /**
   * The consistency proof between the trees of the first {@code size1} and {@code size2} leaves; empty when
   * {@code size1} is 0 or equals {@code size2}.
   */
  public static ConsistencyProof consistencyProof(MerkleNodeSource source, long size1, long size2) {
    checkSize(source, size2);
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException("size1 " + size1 + " must be within 0.." + size2);
    }
    List<byte[]> proof = new ArrayList<>();
    if (size1 > 0 && size1 < size2) {
      subproof(source, size1, 0, size2, true, proof);
    }
    return new ConsistencyProof(size1, size2, proof);
  }

  /** RFC 9162 PATH(m, D[begin:end]), appending the leaf-nearest sibling first. */
  private static void path(MerkleNodeSource source, long m, long begin, long end, List<byte[]> out) {
    long n = end - begin;
    if (n == 1) {
      return;
    }
    long k = splitPoint(n);
    if (m < k) {
      path(source, m, begin, begin + k, out);
      out.add(rangeHash(source, begin + k, end));
    } else {
      path(source, m - k, begin + k, end, out);
      out.add(rangeHash(source, begin, begin + k));
    }
  }

  /** RFC 9162 SUBPROOF(m, D[begin:end], b). */
  private static void subproof(MerkleNodeSource source, long m, long begin, long end, boolean startsAtOld,
      List<byte[]> out) {
    long n = end - begin;
    if (m == n) {
      if (!startsAtOld) {
        out.add(rangeHash(source, begin, end));
      }
      return;
    }
    long k = splitPoint(n);
    if (m <= k) {
      subproof(source, m, begin, begin + k, startsAtOld, out);
      out.add(rangeHash(source, begin + k, end));
    } else {
      subproof(source, m - k, begin + k, end, false, out);
      out.add(rangeHash(source, begin, begin + k));
    }
  }

  /** MTH(D[begin:end]) for a range the RFC recursion visits (begin aligned to the range's power of two). */
  private static byte[] rangeHash(MerkleNodeSource source, long begin, long end) {
    long n = end - begin;
    if (Long.bitCount(n) == 1) {
      int level = Long.numberOfTrailingZeros(n);
      return source.node(level, begin >>> level);
    }
    long k = splitPoint(n);
    return MerkleHasher.hashChildren(rangeHash(source, begin, begin + k), rangeHash(source, begin + k, end));
  }

  /** The largest power of two smaller than {@code n}, for n &gt;= 2. */
  private static long splitPoint(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void checkSize(MerkleNodeSource source, long treeSize) {
    if (treeSize < 0 || treeSize > source.size()) {
      throw new IllegalArgumentException(
          "tree size " + treeSize + " outside 0.." + source.size() + " available leaves");
    }
  }
}
