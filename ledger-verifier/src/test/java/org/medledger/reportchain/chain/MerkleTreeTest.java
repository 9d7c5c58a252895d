package org.medledger.reportchain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.CONSISTENCY_PROOFS;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.EMPTY_ROOT;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.INCLUSION_PROOFS;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.ROOTS;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.leafHashes;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.referenceConsistency;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.referencePath;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.referenceRoot;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.syntheticLeafHashes;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Roots and proof generation: {@link MerkleTree}, {@link CompactRange}, {@link InMemoryMerkleTree}. */
class MerkleTreeTest {

  private static final int MAX = 64;

  @Test
  void root_ctReferenceLeaves_matchesPublishedRootForEverySize() {
    List<byte[]> leaves = leafHashes();
    InMemoryMerkleTree tree = new InMemoryMerkleTree();
    CompactRange range = CompactRange.empty();
    for (int n = 1; n <= leaves.size(); n++) {
      tree.appendLeafHash(leaves.get(n - 1));
      range.append(leaves.get(n - 1));
      byte[] expected = ROOTS.get(n - 1);
      assertThat(range.root()).as("compact range, size %d", n).isEqualTo(expected);
      assertThat(tree.root()).as("in-memory tree, size %d", n).isEqualTo(expected);
      assertThat(MerkleTree.root(tree, n)).as("root from nodes, size %d", n).isEqualTo(expected);
      assertThat(MerkleTree.root(MerkleNodeSource.ofLeafHashes(leaves), n)).isEqualTo(expected);
      assertThat(MerkleTree.root(leaves.subList(0, n))).isEqualTo(expected);
    }
  }

  @Test
  void root_emptyTree_isSha256OfNothing() {
    assertThat(MerkleHasher.emptyRoot()).isEqualTo(EMPTY_ROOT);
    assertThat(CompactRange.empty().root()).isEqualTo(EMPTY_ROOT);
    assertThat(MerkleTree.root(new InMemoryMerkleTree(), 0)).isEqualTo(EMPTY_ROOT);
  }

  @Test
  void hasher_leafAndNode_useDistinctPrefixes() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    byte[] concatenated = new byte[64];

    assertThat(MerkleHasher.hashChildren(a, b)).isNotEqualTo(MerkleHasher.hashLeaf(concatenated));
    assertThat(MerkleHasher.hashLeaf(new byte[0])).isEqualTo(ROOTS.get(0));
  }

  @Test
  void inclusionProof_ctReferenceVectors_equalPublishedProofs() {
    InMemoryMerkleTree tree = treeOf(leafHashes());
    for (Rfc6962TestVectors.Inclusion vector : INCLUSION_PROOFS) {
      InclusionProof proof = MerkleTree.inclusionProof(tree, vector.leafIndex(), vector.treeSize());
      assertThat(proof.hashes()).as("leaf %d of %d", vector.leafIndex(), vector.treeSize())
          .containsExactlyElementsOf(vector.proof());
    }
  }

  @Test
  void consistencyProof_ctReferenceVectors_equalPublishedProofs() {
    InMemoryMerkleTree tree = treeOf(leafHashes());
    for (Rfc6962TestVectors.Consistency vector : CONSISTENCY_PROOFS) {
      ConsistencyProof proof = MerkleTree.consistencyProof(tree, vector.size1(), vector.size2());
      assertThat(proof.hashes()).as("%d -> %d", vector.size1(), vector.size2())
          .containsExactlyElementsOf(vector.proof());
    }
  }

  @Test
  void proofs_everySizeUpTo64_equalReferenceRecursionOverStoredAndLeafOnlySources() {
    List<byte[]> leaves = syntheticLeafHashes(MAX);
    InMemoryMerkleTree stored = treeOf(leaves);
    MerkleNodeSource leafOnly = MerkleNodeSource.ofLeafHashes(leaves);
    for (int n = 1; n <= MAX; n++) {
      List<byte[]> prefix = leaves.subList(0, n);
      assertThat(MerkleTree.root(stored, n)).isEqualTo(referenceRoot(prefix));
      for (int i = 0; i < n; i++) {
        List<byte[]> expected = referencePath(i, prefix);
        assertThat(MerkleTree.inclusionProof(stored, i, n).hashes()).containsExactlyElementsOf(expected);
        assertThat(MerkleTree.inclusionProof(leafOnly, i, n).hashes()).containsExactlyElementsOf(expected);
        assertThat(expected).hasSize(ProofVerifier.inclusionProofLength(i, n));
      }
      for (int m = 0; m <= n; m++) {
        List<byte[]> expected = referenceConsistency(m, prefix);
        assertThat(MerkleTree.consistencyProof(stored, m, n).hashes()).containsExactlyElementsOf(expected);
        if (m > 0 && m < n) {
          assertThat(expected).hasSize(ProofVerifier.consistencyProofLength(m, n));
        }
      }
    }
  }

  @Test
  void compactRange_restoredFromItsHashes_continuesToSameRoots() {
    List<byte[]> leaves = syntheticLeafHashes(100);
    CompactRange original = CompactRange.empty();
    for (int i = 0; i < 37; i++) {
      original.append(leaves.get(i));
    }
    CompactRange restored = CompactRange.of(original.size(), original.hashes());
    assertThat(restored.hashes()).hasSize(Long.bitCount(37));

    for (int i = 37; i < 100; i++) {
      original.append(leaves.get(i));
      restored.append(leaves.get(i));
      assertThat(restored.root()).isEqualTo(original.root()).isEqualTo(referenceRoot(leaves.subList(0, i + 1)));
    }
  }

  @Test
  void compactRange_nodeSink_receivesEveryPerfectSubtreeExactlyOnce() {
    List<byte[]> leaves = syntheticLeafHashes(13);
    List<String> nodes = new ArrayList<>();
    CompactRange range = CompactRange.empty();
    leaves.forEach(leaf -> range.append(leaf, (level, index, hash) -> {
      int from = (int) (index << level);
      assertThat(hash).isEqualTo(referenceRoot(leaves.subList(from, from + (1 << level))));
      nodes.add(level + "/" + index);
    }));

    // 13 leaves, 6 pairs, 3 quads, 1 octet
    assertThat(nodes).hasSize(13 + 6 + 3 + 1).doesNotHaveDuplicates();
  }

  @Test
  void proofRecords_sameContentInNewArrays_areEqual() {
    InMemoryMerkleTree tree = treeOf(syntheticLeafHashes(9));

    assertThat(MerkleTree.inclusionProof(tree, 3, 9)).isEqualTo(MerkleTree.inclusionProof(tree, 3, 9))
        .hasSameHashCodeAs(MerkleTree.inclusionProof(tree, 3, 9))
        .isNotEqualTo(MerkleTree.inclusionProof(tree, 4, 9));
    assertThat(MerkleTree.consistencyProof(tree, 3, 9)).isEqualTo(MerkleTree.consistencyProof(tree, 3, 9));
  }

  @Test
  void compactRange_restoreWithWrongHashCount_throwsIllegalArgument() {
    assertThatThrownBy(() -> CompactRange.of(3, List.of(new byte[32])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inclusionProof_forOlderTreeSize_verifiesAgainstOlderRoot() {
    List<byte[]> leaves = syntheticLeafHashes(50);
    InMemoryMerkleTree tree = treeOf(leaves);
    InclusionProof proof = MerkleTree.inclusionProof(tree, 20, 33);

    ProofVerifier.verifyInclusion(proof, leaves.get(20), referenceRoot(leaves.subList(0, 33)));
  }

  @Test
  void proofGeneration_positionOutsideTree_throwsIllegalArgument() {
    InMemoryMerkleTree tree = treeOf(syntheticLeafHashes(5));

    assertThatThrownBy(() -> MerkleTree.inclusionProof(tree, 5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.inclusionProof(tree, 0, 6)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.consistencyProof(tree, 4, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  private static InMemoryMerkleTree treeOf(List<byte[]> leafHashes) {
    InMemoryMerkleTree tree = new InMemoryMerkleTree();
    leafHashes.forEach(tree::appendLeafHash);
    return tree;
  }
}
