package org.medledger.reportchain.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * The root of an append-only Merkle tree kept incrementally: the roots of the perfect subtrees that make up
 * leaves {@code [0, size)} (a "compact range" in transparency-dev terms), one per set bit of {@code size},
 * largest (leftmost) first. Appending a leaf costs O(log n) hashes and the state is O(log n) hashes, so the
 * ledger can persist it and keep appending without recomputing the tree.
 *
 * <p>{@link #root()} equals RFC 6962 MTH over the same leaves: the perfect subtrees are folded right to left,
 * which is exactly the split at the largest power of two below the size.
 *
 * <p>An optional {@link NodeSink} receives every perfect-subtree node the moment it is complete (leaves at
 * level 0 included); stored, those nodes back a {@link MerkleNodeSource} from which proofs for any tree size
 * are O(log n) look-ups. Not thread-safe.
 */
public final class CompactRange {

  /** Receives each completed node: the hash of leaves {@code [index << level, (index + 1) << level)}. */
  @FunctionalInterface
  public interface NodeSink {
    void onNode(int level, long index, byte[] hash);
  }

  private static final NodeSink DISCARD = (level, index, hash) -> {};

  private final List<byte[]> hashes;
  private long size;

  private CompactRange(long size, List<byte[]> hashes) {
    this.size = size;
    this.hashes = hashes;
  }

  /** The range of the empty tree. */
  public static CompactRange empty() {
    return new CompactRange(0, new ArrayList<>());
  }

  /**
   * Restores a persisted range.
   *
   * @param hashes {@link #hashes()} of a range of {@code size} leaves: exactly {@code Long.bitCount(size)}
   *     hashes of 32 bytes
   */
  public static CompactRange of(long size, List<byte[]> hashes) {
    if (size < 0 || hashes.size() != Long.bitCount(size)) {
      throw new IllegalArgumentException(
          "a compact range of " + size + " leaves holds " + Long.bitCount(size) + " hashes, got " + hashes.size());
    }
    List<byte[]> copy = new ArrayList<>(hashes.size());
    for (byte[] hash : hashes) {
      requireHash(hash);
      copy.add(hash.clone());
    }
    return new CompactRange(size, copy);
  }

  /** Number of leaves. */
  public long size() {
    return size;
  }

  /** The subtree roots, leftmost (largest) first; copies. */
  public List<byte[]> hashes() {
    return hashes.stream().map(byte[]::clone).toList();
  }

  /** Appends one leaf hash (already {@link MerkleHasher#hashLeaf hashed}). */
  public void append(byte[] leafHash) {
    append(leafHash, DISCARD);
  }

  /** Appends one leaf hash and reports the leaf and every subtree it completes to {@code sink}. */
  public void append(byte[] leafHash, NodeSink sink) {
    requireHash(leafHash);
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("tree is full");
    }
    byte[] carry = leafHash.clone();
    sink.onNode(0, size, carry.clone());
    int level = 0;
    // Each trailing 1-bit of size is a subtree of the same height waiting for a right sibling.
    while (((size >>> level) & 1) == 1) {
      carry = MerkleHasher.hashChildren(hashes.remove(hashes.size() - 1), carry);
      level++;
      sink.onNode(level, size >>> level, carry.clone());
    }
    hashes.add(carry);
    size++;
  }

  /** The RFC 6962 root of the leaves so far ({@link MerkleHasher#emptyRoot()} for none). */
  public byte[] root() {
    if (hashes.isEmpty()) {
      return MerkleHasher.emptyRoot();
    }
    byte[] root = hashes.get(hashes.size() - 1);
    for (int i = hashes.size() - 2; i >= 0; i--) {
      root = MerkleHasher.hashChildren(hashes.get(i), root);
    }
    return root.clone();
  }

  private static void requireHash(byte[] hash) {
    if (hash == null || hash.length != MerkleHasher.HASH_LENGTH) {
      throw new IllegalArgumentException("a tree hash is " + MerkleHasher.HASH_LENGTH + " bytes");
    }
  }
}
