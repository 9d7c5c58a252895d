package org.medledger.reportchain.chain;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs over SHA-256 RFC 6962 hashing.
 *
 * <p>Order of work, after transparency-dev/merkle: check every precondition (index below size, sizes in
 * order, 32-byte hashes, and a proof length of exactly what the tree shape requires), then compute, then
 * compare; each failure is a {@link ProofVerificationException} that says what was wrong, with expected and
 * calculated roots in hex for a mismatch. Nothing returns {@code false}. "Compute the root" is available on
 * its own ({@link #rootFromInclusionProof}) for callers that look the expected root up afterwards.
 *
 * <p>A proof binds a leaf to a (size, root) pair; it does not authenticate the size by itself. Take the size
 * and the root from the same signed tree head.
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /**
   * The root that {@code proof} yields for {@code leafHash} at {@code leafIndex} in a tree of
   * {@code treeSize} leaves.
   *
   * @throws MalformedProofException if the index is not below the size, a hash is not 32 bytes, or the proof
   *     does not have exactly {@link #inclusionProofLength} elements
   */
  public static byte[] rootFromInclusionProof(long leafIndex, long treeSize, byte[] leafHash,
      List<byte[]> proof) {
    if (leafIndex < 0 || treeSize <= 0 || leafIndex >= treeSize) {
      throw new MalformedProofException(
          "leaf index " + leafIndex + " is not within a tree of size " + treeSize);
    }
    requireHash("leaf hash", leafHash);
    requireProof(proof, inclusionProofLength(leafIndex, treeSize));
    // RFC 9162 §2.1.3.2 step by step: fn walks the leaf's path, sn the last leaf's path.
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw new MalformedProofException("inclusion proof longer than the tree is high");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHasher.hashChildren(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = MerkleHasher.hashChildren(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new MalformedProofException("inclusion proof shorter than the tree is high");
    }
    return r;
  }

  /**
   * Checks that {@code leafHash} is leaf {@code leafIndex} of the tree of {@code treeSize} leaves whose root is
   * {@code expectedRoot}.
   *
   * @throws MalformedProofException on a failed precondition
   * @throws RootMismatchException if the proof yields another root
   */
  public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof,
      byte[] expectedRoot) {
    requireHash("expected root", expectedRoot);
    byte[] calculated = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
    requireEqual("root", expectedRoot, calculated);
  }

  /** {@link #verifyInclusion(long, long, byte[], List, byte[])} for a proof object. */
  public static void verifyInclusion(InclusionProof proof, byte[] leafHash, byte[] expectedRoot) {
    verifyInclusion(proof.leafIndex(), proof.treeSize(), leafHash, proof.hashes(), expectedRoot);
  }

  /**
   * Checks that the tree of {@code size1} leaves with root {@code root1} is a prefix of the tree of
   * {@code size2} leaves with root {@code root2}. Equal sizes need an empty proof and equal roots; size1 = 0
   * needs an empty proof and the empty-tree root.
   *
   * @throws MalformedProofException on a failed precondition
   * @throws RootMismatchException if the proof does not reproduce both roots
   */
  public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1,
      byte[] root2) {
    if (size1 < 0 || size2 < 0 || size1 > size2) {
      throw new MalformedProofException("sizes " + size1 + " and " + size2 + " are not 0 <= size1 <= size2");
    }
    requireHash("first root", root1);
    requireHash("second root", root2);
    if (size1 == 0 || size1 == size2) {
      requireProof(proof, 0);
      if (size1 == 0) {
        requireEqual("first root (empty tree)", MerkleHasher.emptyRoot(), root1);
      }
      if (size1 == size2) {
        requireEqual("second root (same size as the first)", root1, root2);
      }
      return;
    }
    requireProof(proof, consistencyProofLength(size1, size2));
    byte[][] roots = rootsFromConsistencyProof(size1, size2, proof, root1);
    requireEqual("first root", root1, roots[0]);
    requireEqual("second root", root2, roots[1]);
  }

  /** {@link #verifyConsistency(long, long, List, byte[], byte[])} for a proof object. */
  public static void verifyConsistency(ConsistencyProof proof, byte[] root1, byte[] root2) {
    verifyConsistency(proof.size1(), proof.size2(), proof.hashes(), root1, root2);
  }

  /**
   * Number of hashes in the inclusion proof of {@code leafIndex} in a tree of {@code treeSize}: one sibling
   * per level below the point where the leaf's path leaves the right border (the bit length of
   * {@code leafIndex ^ (treeSize - 1)}), plus one left sibling for each 1-bit of the index above it.
   */
  public static int inclusionProofLength(long leafIndex, long treeSize) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException("leaf index " + leafIndex + " not in a tree of " + treeSize);
    }
    int inner = 64 - Long.numberOfLeadingZeros(leafIndex ^ (treeSize - 1));
    return inner + Long.bitCount(leafIndex >>> inner);
  }

  /**
   * Number of hashes in the consistency proof between sizes {@code 0 < size1 < size2}: the inclusion path
   * of the last old leaf, minus the levels inside the largest perfect subtree ending at {@code size1}, plus
   * that subtree's root unless it is the whole old tree.
   */
  public static int consistencyProofLength(long size1, long size2) {
    if (size1 <= 0 || size1 >= size2) {
      throw new IllegalArgumentException("sizes " + size1 + ", " + size2 + " are not 0 < size1 < size2");
    }
    int shift = Long.numberOfTrailingZeros(size1);
    int inner = 64 - Long.numberOfLeadingZeros((size1 - 1) ^ (size2 - 1));
    int border = Long.bitCount((size1 - 1) >>> inner);
    boolean oldTreeIsPerfect = size1 == 1L << shift;
    return (inner - shift) + border + (oldTreeIsPerfect ? 0 : 1);
  }

  /** RFC 9162 §2.1.4.2 steps 2-6, after the length check: returns {first root, second root}. */
  private static byte[][] rootsFromConsistencyProof(long size1, long size2, List<byte[]> proof, byte[] root1) {
    boolean oldTreeIsPerfect = Long.bitCount(size1) == 1;
    int next = 0;
    byte[] seed = oldTreeIsPerfect ? root1 : proof.get(next++);
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = seed;
    byte[] sr = seed;
    for (; next < proof.size(); next++) {
      byte[] c = proof.get(next);
      if (sn == 0) {
        throw new MalformedProofException("consistency proof longer than the tree is high");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHasher.hashChildren(c, fr);
        sr = MerkleHasher.hashChildren(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = MerkleHasher.hashChildren(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new MalformedProofException("consistency proof shorter than the tree is high");
    }
    return new byte[][] {fr, sr};
  }

  private static void requireProof(List<byte[]> proof, int expectedLength) {
    if (proof == null || proof.size() != expectedLength) {
      throw new MalformedProofException("proof has " + (proof == null ? "no" : proof.size())
          + " hashes, the claimed position requires exactly " + expectedLength);
    }
    for (int i = 0; i < proof.size(); i++) {
      requireHash("proof hash " + i, proof.get(i));
    }
  }

  private static void requireHash(String what, byte[] hash) {
    if (hash == null || hash.length != MerkleHasher.HASH_LENGTH) {
      throw new MalformedProofException(what + " is " + (hash == null ? "missing" : hash.length + " bytes")
          + ", expected " + MerkleHasher.HASH_LENGTH);
    }
  }

  private static void requireEqual(String what, byte[] expected, byte[] calculated) {
    if (!MessageDigest.isEqual(expected, calculated)) {
      throw new RootMismatchException(what, expected, calculated);
    }
  }
}
