package org.medledger.reportchain.ledger;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.medledger.reportchain.chain.ConsistencyProof;
import org.medledger.reportchain.chain.InclusionProof;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.MerkleNodeSource;
import org.medledger.reportchain.chain.MerkleTree;
import reactor.core.publisher.Mono;

/**
 * The log's RFC 6962 Merkle tree as stored in MongoDB ({@value LedgerStore#NODES}): roots, inclusion and
 * consistency proofs for any tree size up to the last sealed block, computed by the chain package's
 * {@link MerkleTree} over a {@link MerkleNodeSource}.
 *
 * <p>{@link MerkleTree} reads nodes synchronously; the store is reactive. So each computation runs twice: first
 * over a source that only records which nodes it asks for (the set depends on sizes and indexes alone, never on
 * hash values), then, after one {@code $in} query fetched exactly those nodes, over a source backed by them. A
 * proof costs O(log n) nodes and one round trip. Nodes a crashed sealer did not write are repaired from their
 * block and the fetch repeated once.
 */
final class LedgerTree {

  private static final byte[] PLACEHOLDER = new byte[MerkleHasher.HASH_LENGTH];

  private final LedgerStore store;
  private final NodeRepair repair;

  /** Writes the nodes of blocks whose nodes are missing. */
  @FunctionalInterface
  interface NodeRepair {
    Mono<Void> repairNodes();
  }

  LedgerTree(LedgerStore store, NodeRepair repair) {
    this.store = store;
    this.repair = repair;
  }

  /** The root over the first {@code treeSize} entries. */
  Mono<byte[]> root(long treeSize) {
    return compute(treeSize, source -> MerkleTree.root(source, treeSize));
  }

  /** The inclusion proof of leaf {@code leafIndex} in the tree of {@code treeSize} entries. */
  Mono<InclusionProof> inclusionProof(long leafIndex, long treeSize) {
    return compute(treeSize, source -> MerkleTree.inclusionProof(source, leafIndex, treeSize));
  }

  /** The consistency proof between the trees of {@code size1} and {@code size2} entries. */
  Mono<ConsistencyProof> consistencyProof(long size1, long size2) {
    return compute(size2, source -> MerkleTree.consistencyProof(source, size1, size2));
  }

  private <T> Mono<T> compute(long treeSize, Function<MerkleNodeSource, T> computation) {
    Set<String> needed = new LinkedHashSet<>();
    computation.apply(new MerkleNodeSource() {
      @Override
      public long size() {
        return treeSize;
      }

      @Override
      public byte[] node(int level, long index) {
        needed.add(BlockAssembler.nodeId(level, index));
        return PLACEHOLDER;
      }
    });
    if (needed.isEmpty()) {
      return Mono.fromCallable(() -> computation.apply(source(treeSize, Map.of())));
    }
    return store.nodes(needed)
        .flatMap(found -> found.keySet().containsAll(needed)
            ? Mono.just(found)
            : repair.repairNodes().onErrorResume(e -> Mono.empty()).then(store.nodes(needed)))
        .map(found -> {
          if (!found.keySet().containsAll(needed)) {
            throw new IllegalStateException("ledger node store lacks nodes for tree size " + treeSize
                + " even after repair; is that size sealed?");
          }
          return computation.apply(source(treeSize, found));
        });
  }

  private static MerkleNodeSource source(long treeSize, Map<String, byte[]> nodes) {
    return new MerkleNodeSource() {
      @Override
      public long size() {
        return treeSize;
      }

      @Override
      public byte[] node(int level, long index) {
        byte[] hash = nodes.get(BlockAssembler.nodeId(level, index));
        if (hash == null || hash.length != MerkleHasher.HASH_LENGTH) {
          throw new IllegalStateException("ledger node " + BlockAssembler.nodeId(level, index) + " missing");
        }
        return hash.clone();
      }
    };
  }
}
