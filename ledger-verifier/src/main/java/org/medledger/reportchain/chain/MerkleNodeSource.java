package org.medledger.reportchain.chain;

import java.util.List;
import java.util.function.LongFunction;

/**
 * Read access to the nodes of an append-only Merkle tree, from which {@link MerkleTree} computes roots and
 * proofs for any tree size up to {@link #size()}. Back it by whatever stores the tree: memory
 * ({@link InMemoryMerkleTree}), or MongoDB documents written from {@link CompactRange.NodeSink} as the ledger
 * appends.
 *
 * <p>Only perfect subtrees are requested, and only ones that lie entirely within {@code [0, size())}: such
 * nodes never change once complete, so they can be cached and stored forever.
 */
public interface MerkleNodeSource {

  /** Number of leaves available. */
  long size();

  /**
   * The hash of the perfect subtree over leaves {@code [index << level, (index + 1) << level)}; at level 0,
   * the leaf hash of leaf {@code index}.
   */
  byte[] node(int level, long index);

  /**
   * A source that has only leaf hashes and computes every interior node from them on request: O(2^level)
   * hashes per node, so a proof costs O(size). Fine for a report's chunk tree; a large log should store its
   * nodes instead.
   */
  static MerkleNodeSource ofLeafHashes(long size, LongFunction<byte[]> leafHash) {
    return new MerkleNodeSource() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public byte[] node(int level, long index) {
        if (level == 0) {
          return leafHash.apply(index);
        }
        return MerkleHasher.hashChildren(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
      }
    };
  }

  /** {@link #ofLeafHashes(long, LongFunction)} over a list. */
  static MerkleNodeSource ofLeafHashes(List<byte[]> leafHashes) {
    List<byte[]> copy = List.copyOf(leafHashes);
    return ofLeafHashes(copy.size(), index -> copy.get(Math.toIntExact(index)));
  }
}
