package org.medledger.reportchain.chain;

import java.util.ArrayList;
import java.util.List;

/**
 * An append-only Merkle tree that keeps every perfect-subtree node in memory (about two hashes per leaf), so
 * roots and proofs for any earlier size are O(log n). Built on {@link CompactRange}; suited to a report's
 * chunk tree and to tests. Not thread-safe.
 */
public final class InMemoryMerkleTree implements MerkleNodeSource {

  private final CompactRange range = CompactRange.empty();
  private final List<List<byte[]>> levels = new ArrayList<>();

  /** Appends a raw leaf, hashing it with {@link MerkleHasher#hashLeaf}; returns its leaf hash. */
  public byte[] appendLeaf(byte[] leaf) {
    byte[] leafHash = MerkleHasher.hashLeaf(leaf);
    appendLeafHash(leafHash);
    return leafHash;
  }

  /** Appends an already hashed leaf. */
  public void appendLeafHash(byte[] leafHash) {
    range.append(leafHash, (level, index, hash) -> {
      if (levels.size() == level) {
        levels.add(new ArrayList<>());
      }
      levels.get(level).add(hash);
    });
  }

  @Override
  public long size() {
    return range.size();
  }

  @Override
  public byte[] node(int level, long index) {
    if (level < 0 || level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
      throw new IllegalArgumentException("no complete node at level " + level + ", index " + index);
    }
    return levels.get(level).get((int) index).clone();
  }

  /** The root over all leaves so far. */
  public byte[] root() {
    return range.root();
  }
}
