package org.medledger.reportchain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.CONSISTENCY_PROOFS;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.EMPTY_ROOT;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.INCLUSION_PROOFS;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.ROOTS;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.SOME_HASH;
import static org.medledger.reportchain.chain.Rfc6962TestVectors.hex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link ProofVerifier} against the Certificate Transparency reference vectors, then against every corruption
 * of every good proof, in the manner of transparency-dev/merkle {@code proof/verify_test.go}
 * ({@code corruptInclusionProof}, {@code corruptConsistencyProof}), extended to every single-bit change.
 *
 * <p>The oracle is exact: a probe must be accepted if and only if it is genuine, that is its leaf, roots
 * and proof are the true ones for the position it claims (computed by the independent reference recursion in
 * {@link Rfc6962TestVectors}). Any other outcome is collected and reported with the probe's description.
 */
class ProofVerifierTest {

  private static final byte[] WRONG = "WrongLeaf".getBytes(StandardCharsets.US_ASCII);

  // ---- known-good CT vectors ------------------------------------------------------------------

  @Test
  void verifyInclusion_ctReferenceVectors_pass() {
    List<byte[]> leaves = Rfc6962TestVectors.leafHashes();
    for (Rfc6962TestVectors.Inclusion v : INCLUSION_PROOFS) {
      byte[] root = ROOTS.get((int) v.treeSize() - 1);
      byte[] leaf = leaves.get((int) v.leafIndex());
      assertThat(ProofVerifier.rootFromInclusionProof(v.leafIndex(), v.treeSize(), leaf, v.proof()))
          .isEqualTo(root);
      ProofVerifier.verifyInclusion(v.leafIndex(), v.treeSize(), leaf, v.proof(), root);
    }
  }

  @Test
  void verifyConsistency_ctReferenceVectors_pass() {
    for (Rfc6962TestVectors.Consistency v : CONSISTENCY_PROOFS) {
      ProofVerifier.verifyConsistency(v.size1(), v.size2(), v.proof(),
          ROOTS.get((int) v.size1() - 1), ROOTS.get((int) v.size2() - 1));
    }
  }

  @Test
  void verifyInclusion_everyCorruptionOfCtVectors_fails() {
    Oracle oracle = new Oracle(Rfc6962TestVectors.leafHashes());
    List<String> wrong = new ArrayList<>();
    for (Rfc6962TestVectors.Inclusion v : INCLUSION_PROOFS) {
      byte[] root = ROOTS.get((int) v.treeSize() - 1);
      byte[] leaf = oracle.leaf(v.leafIndex());
      // transparency-dev's own size corruptions keep the original root ...
      for (long size : new long[] {v.treeSize() * 2, v.treeSize() / 2}) {
        wrong.addAll(oracle.judgeInclusion("treeSize " + size + ", old root", v.leafIndex(), size, leaf,
            v.proof(), root));
      }
      // ... and every claimed size is also paired with that size's true root (see the size/root test below).
      wrong.addAll(oracle.checkInclusionProbes(v.leafIndex(), v.treeSize(), v.proof(), oracle::rootOrSomeHash));
    }
    assertThat(wrong).as("misjudged probes").isEmpty();
  }

  @Test
  void verifyConsistency_everyCorruptionOfCtVectors_fails() {
    Oracle oracle = new Oracle(Rfc6962TestVectors.leafHashes());
    List<String> wrong = new ArrayList<>();
    for (Rfc6962TestVectors.Consistency v : CONSISTENCY_PROOFS) {
      if (v.proof().isEmpty()) {
        continue;
      }
      byte[] root1 = ROOTS.get((int) v.size1() - 1);
      byte[] root2 = ROOTS.get((int) v.size2() - 1);
      for (long size2 : new long[] {v.size2() * 2, v.size2() / 2}) {
        wrong.addAll(oracle.judgeConsistency("size2 " + size2 + ", old root", v.size1(), size2, v.proof(),
            root1, root2));
      }
      wrong.addAll(oracle.checkConsistencyProbes(v.size1(), v.size2(), v.proof(), oracle::rootOrSomeHash));
    }
    assertThat(wrong).as("misjudged probes").isEmpty();
  }

  // ---- property: all sizes 1..64 --------------------------------------------------------------

  @Test
  void verifyInclusion_allSizesTo64AllIndexes_genuineProofsPassAndEveryCorruptionFails() {
    Oracle oracle = new Oracle(Rfc6962TestVectors.syntheticLeafHashes(128));
    List<String> wrong = new ArrayList<>();
    for (int n = 1; n <= 64; n++) {
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = oracle.path(i, n);
        ProofVerifier.verifyInclusion(i, n, oracle.leaf(i), proof, oracle.root(n));
        // Claimed sizes are paired with the true root of that size: the signed head an attacker could cite.
        wrong.addAll(oracle.checkInclusionProbes(i, n, proof, oracle::rootOrSomeHash));
      }
    }
    assertThat(wrong).as("misjudged probes").isEmpty();
  }

  @Test
  void verifyConsistency_allSizePairsTo64_genuineProofsPassAndEveryCorruptionFails() {
    Oracle oracle = new Oracle(Rfc6962TestVectors.syntheticLeafHashes(128));
    List<String> wrong = new ArrayList<>();
    for (int n = 1; n <= 64; n++) {
      for (int m = 0; m <= n; m++) {
        List<byte[]> proof = oracle.consistency(m, n);
        ProofVerifier.verifyConsistency(m, n, proof, oracle.root(m), oracle.root(n));
        wrong.addAll(oracle.checkConsistencyProbes(m, n, proof, oracle::rootOrSomeHash));
      }
    }
    assertThat(wrong).as("misjudged probes").isEmpty();
  }

  /**
   * The bar of the ledger issue: every single-bit change of a proof element, leaf, root, index or size is
   * rejected, for all positions in trees of up to 16 leaves. A changed size is paired with the true root of
   * that size (see {@link #verifyInclusion_sizeAlteredButRootKept_isOnlyCaughtBySigningSizeWithRoot}).
   */
  @Test
  void verify_everySingleBitChangeOfProofLeafRootIndexOrSize_isRejected() {
    Oracle oracle = new Oracle(Rfc6962TestVectors.syntheticLeafHashes(128));
    List<String> wrong = new ArrayList<>();
    for (int n = 1; n <= 16; n++) {
      byte[] root = oracle.root(n);
      for (int i = 0; i < n; i++) {
        List<byte[]> proof = oracle.path(i, n);
        for (int e = 0; e < proof.size(); e++) {
          for (int bit = 0; bit < 256; bit++) {
            wrong.addAll(oracle.judgeInclusion("proof[" + e + "] bit " + bit, i, n, oracle.leaf(i),
                flip(proof, e, bit), root));
          }
        }
        for (int bit = 0; bit < 256; bit++) {
          wrong.addAll(oracle.judgeInclusion("leaf bit " + bit, i, n, flip(oracle.leaf(i), bit), proof, root));
          wrong.addAll(oracle.judgeInclusion("root bit " + bit, i, n, oracle.leaf(i), proof, flip(root, bit)));
        }
        for (int bit = 0; bit < 64; bit++) {
          long index = i ^ (1L << bit);
          wrong.addAll(oracle.judgeInclusion("index bit " + bit, index, n, oracle.leaf(i), proof, root));
          long size = n ^ (1L << bit);
          wrong.addAll(oracle.judgeInclusion("size bit " + bit, i, size, oracle.leaf(i), proof,
              oracle.rootOrSomeHash(size)));
        }
      }
      for (int m = 1; m < n; m++) {
        List<byte[]> proof = oracle.consistency(m, n);
        byte[] root1 = oracle.root(m);
        for (int e = 0; e < proof.size(); e++) {
          for (int bit = 0; bit < 256; bit++) {
            wrong.addAll(oracle.judgeConsistency("proof[" + e + "] bit " + bit, m, n, flip(proof, e, bit),
                root1, root));
          }
        }
        for (int bit = 0; bit < 256; bit++) {
          wrong.addAll(oracle.judgeConsistency("root1 bit " + bit, m, n, proof, flip(root1, bit), root));
          wrong.addAll(oracle.judgeConsistency("root2 bit " + bit, m, n, proof, root1, flip(root, bit)));
        }
        for (int bit = 0; bit < 64; bit++) {
          long size1 = m ^ (1L << bit);
          long size2 = n ^ (1L << bit);
          wrong.addAll(oracle.judgeConsistency("size1 bit " + bit, size1, n, proof,
              oracle.rootOrSomeHash(size1), root));
          wrong.addAll(oracle.judgeConsistency("size2 bit " + bit, m, size2, proof, root1,
              oracle.rootOrSomeHash(size2)));
        }
      }
    }
    assertThat(wrong).as("misjudged probes").isEmpty();
  }

  /**
   * Documents the contract stated in {@link ProofVerifier}: a proof binds a leaf to a (size, root) pair, not
   * the size alone. Leaf 0 has the same path shape in trees of 5 and 7 leaves, so the 5-leaf proof with the
   * 5-leaf root also "verifies" for a claimed size 7. Only taking size and root from one signed head rules
   * that out; with the true 7-leaf root it fails.
   */
  @Test
  void verifyInclusion_sizeAlteredButRootKept_isOnlyCaughtBySigningSizeWithRoot() {
    Oracle oracle = new Oracle(Rfc6962TestVectors.syntheticLeafHashes(8));
    List<byte[]> proof5 = oracle.path(0, 5);

    ProofVerifier.verifyInclusion(0, 7, oracle.leaf(0), proof5, oracle.root(5));
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 7, oracle.leaf(0), proof5, oracle.root(7)))
        .isInstanceOf(RootMismatchException.class);
  }

  // ---- preconditions and messages -------------------------------------------------------------

  @Test
  void verifyInclusion_singleLeafTree_needsEmptyProofAndLeafEqualToRoot() {
    byte[] leaf = MerkleHasher.hashLeaf("data".getBytes(StandardCharsets.US_ASCII));

    ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), leaf);
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), new byte[0]))
        .isInstanceOf(MalformedProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, new byte[0], List.of(), leaf))
        .isInstanceOf(MalformedProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), EMPTY_ROOT))
        .isInstanceOf(RootMismatchException.class);
  }

  @Test
  void verifyInclusion_indexNotBelowSize_throwsMalformedBeforeHashing() {
    for (long[] position : new long[][] {{0, 0}, {1, 0}, {1, 1}, {2, 1}, {-1, 4}, {0, -1}}) {
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(position[0], position[1], SOME_HASH, List.of(),
          EMPTY_ROOT))
          .as("index %d size %d", position[0], position[1])
          .isInstanceOf(MalformedProofException.class)
          .hasMessageContaining("not within a tree");
    }
  }

  @Test
  void verifyInclusion_wrongProofLength_namesRequiredLength() {
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 8, SOME_HASH, List.of(SOME_HASH), ROOTS.get(7)))
        .isInstanceOf(MalformedProofException.class)
        .hasMessageContaining("proof has 1 hashes, the claimed position requires exactly 3");
  }

  @Test
  void verifyInclusion_rootMismatch_messageCarriesExpectedAndCalculatedHex() {
    Rfc6962TestVectors.Inclusion v = INCLUSION_PROOFS.get(1);
    byte[] leaf = Rfc6962TestVectors.leafHashes().get(0);

    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(v.leafIndex(), v.treeSize(), leaf, v.proof(), SOME_HASH))
        .isInstanceOf(RootMismatchException.class)
        .hasMessage("root mismatch: expected " + hex(SOME_HASH) + ", calculated " + hex(ROOTS.get(7)))
        .satisfies(e -> {
          RootMismatchException mismatch = (RootMismatchException) e;
          assertThat(mismatch.expected()).isEqualTo(SOME_HASH);
          assertThat(mismatch.calculated()).isEqualTo(ROOTS.get(7));
        });
  }

  @Test
  void verifyConsistency_trivialCases_followTransparencyDevTable() {
    byte[] r1 = ROOTS.get(0);
    byte[] r2 = ROOTS.get(1);
    ProofVerifier.verifyConsistency(0, 0, List.of(), EMPTY_ROOT, EMPTY_ROOT);
    ProofVerifier.verifyConsistency(0, 1, List.of(), EMPTY_ROOT, r1);
    ProofVerifier.verifyConsistency(1, 1, List.of(), r2, r2);

    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 0, List.of(), EMPTY_ROOT, r2))
        .isInstanceOf(RootMismatchException.class);

    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 1, List.of(), r1, r2))
        .isInstanceOf(RootMismatchException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 0, List.of(), r1, r2))
        .isInstanceOf(MalformedProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(2, 1, List.of(), r1, r2))
        .isInstanceOf(MalformedProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 2, List.of(), r1, r2))
        .isInstanceOf(MalformedProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 1, List.of(EMPTY_ROOT), r1, r1))
        .isInstanceOf(MalformedProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 1, List.of(EMPTY_ROOT), EMPTY_ROOT, r1))
        .isInstanceOf(MalformedProofException.class);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 1, List.of(), SOME_HASH, r1))
        .isInstanceOf(RootMismatchException.class);
  }

  @Test
  void verifyConsistency_secondRootMismatch_messageSaysWhichRoot() {
    Rfc6962TestVectors.Consistency v = CONSISTENCY_PROOFS.get(2);

    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(v.size1(), v.size2(), v.proof(),
        ROOTS.get(5), SOME_HASH))
        .isInstanceOf(RootMismatchException.class)
        .hasMessageStartingWith("second root mismatch: expected " + hex(SOME_HASH) + ", calculated "
            + hex(ROOTS.get(7)));
  }

  // ---- the probing harness --------------------------------------------------------------------

  /** Knows the true tree, so it can tell a genuine probe from a corrupted one. */
  private static final class Oracle {

    private final List<byte[]> leaves;
    private final byte[][] roots;
    private final Map<String, List<byte[]>> paths = new HashMap<>();
    private final Map<String, List<byte[]>> consistencies = new HashMap<>();

    Oracle(List<byte[]> leaves) {
      this.leaves = leaves;
      this.roots = new byte[leaves.size() + 1][];
      CompactRange range = CompactRange.empty();
      roots[0] = range.root();
      for (int n = 1; n <= leaves.size(); n++) {
        range.append(leaves.get(n - 1));
        roots[n] = range.root();
      }
    }

    byte[] leaf(long i) {
      return leaves.get((int) i);
    }

    byte[] root(long n) {
      return roots[(int) n];
    }

    byte[] rootOrSomeHash(long n) {
      return n >= 0 && n < roots.length ? roots[(int) n] : SOME_HASH;
    }

    List<byte[]> path(long i, long n) {
      return paths.computeIfAbsent(i + "/" + n,
          key -> Rfc6962TestVectors.referencePath((int) i, leaves.subList(0, (int) n)));
    }

    List<byte[]> consistency(long m, long n) {
      return consistencies.computeIfAbsent(m + "/" + n,
          key -> Rfc6962TestVectors.referenceConsistency((int) m, leaves.subList(0, (int) n)));
    }

    /** transparency-dev's corruptions of an inclusion proof, plus swaps, duplicates and removals. */
    List<String> checkInclusionProbes(long i, long n, List<byte[]> proof, LongFunction<byte[]> rootFor) {
      byte[] leaf = leaf(i);
      byte[] root = rootFor.apply(n);
      List<String> wrong = new ArrayList<>();
      for (long index : new long[] {i - 1, i + 1, i ^ 2, i ^ 1, n}) {
        wrong.addAll(judgeInclusion("leafIndex " + index, index, n, leaf, proof, root));
      }
      for (long size : new long[] {n * 2, n / 2, n + 1, n - 1}) {
        wrong.addAll(judgeInclusion("treeSize " + size, i, size, leaf, proof, rootFor.apply(size)));
      }
      wrong.addAll(judgeInclusion("wrong leaf", i, n, WRONG, proof, root));
      wrong.addAll(judgeInclusion("other leaf", i, n, SOME_HASH, proof, root));
      wrong.addAll(judgeInclusion("empty root", i, n, leaf, proof, EMPTY_ROOT));
      wrong.addAll(judgeInclusion("random root", i, n, leaf, proof, SOME_HASH));
      wrong.addAll(judgeInclusion("short root", i, n, leaf, proof, Arrays.copyOf(root, 31)));
      for (var variant : proofVariants(proof, root).entrySet()) {
        wrong.addAll(judgeInclusion(variant.getKey(), i, n, leaf, variant.getValue(), root));
      }
      return wrong;
    }

    /** transparency-dev's corruptions of a consistency proof, plus swaps, duplicates and removals. */
    List<String> checkConsistencyProbes(long m, long n, List<byte[]> proof, LongFunction<byte[]> rootFor) {
      byte[] root1 = rootFor.apply(m);
      byte[] root2 = rootFor.apply(n);
      List<String> wrong = new ArrayList<>();
      for (long size1 : new long[] {m - 1, m + 1, m ^ 2, n + 1}) {
        wrong.addAll(judgeConsistency("size1 " + size1, size1, n, proof, rootFor.apply(size1), root2));
      }
      for (long size2 : new long[] {n * 2, n / 2, n + 1, n - 1}) {
        wrong.addAll(judgeConsistency("size2 " + size2, m, size2, proof, root1, rootFor.apply(size2)));
      }
      wrong.addAll(judgeConsistency("wrong root1", m, n, proof, WRONG, root2));
      wrong.addAll(judgeConsistency("wrong root2", m, n, proof, root1, WRONG));
      wrong.addAll(judgeConsistency("random root1", m, n, proof, SOME_HASH, root2));
      wrong.addAll(judgeConsistency("random root2", m, n, proof, root1, SOME_HASH));
      wrong.addAll(judgeConsistency("swapped roots", m, n, proof, root2, root1));
      for (byte[] extra : new byte[][] {root1, root2}) {
        wrong.addAll(judgeConsistency("trailing root", m, n, append(proof, extra), root1, root2));
        wrong.addAll(judgeConsistency("preceding root", m, n, prepend(proof, extra), root1, root2));
      }
      for (var variant : proofVariants(proof, root2).entrySet()) {
        wrong.addAll(judgeConsistency(variant.getKey(), m, n, variant.getValue(), root1, root2));
      }
      return wrong;
    }

    List<String> judgeInclusion(String desc, long i, long n, byte[] leaf, List<byte[]> proof, byte[] root) {
      boolean genuine = i >= 0 && n > i && n < roots.length
          && Arrays.equals(leaf, leaf(i)) && Arrays.equals(root, root(n)) && same(proof, path(i, n));
      return judge(desc + " (leaf " + i + " of " + n + ")", genuine,
          () -> ProofVerifier.verifyInclusion(i, n, leaf, proof, root));
    }

    List<String> judgeConsistency(String desc, long m, long n, List<byte[]> proof, byte[] r1, byte[] r2) {
      // The empty tree is a prefix of every tree: with size1 = 0 any well-formed second root is consistent.
      boolean inRange = m >= 0 && n >= m && n < roots.length;
      boolean secondRootOk = inRange && (m == 0 && n > 0 ? r2 != null && r2.length == MerkleHasher.HASH_LENGTH
          : Arrays.equals(r2, root(n)));
      boolean genuine = inRange && Arrays.equals(r1, root(m)) && secondRootOk && same(proof, consistency(m, n));
      return judge(desc + " (" + m + " -> " + n + ")", genuine,
          () -> ProofVerifier.verifyConsistency(m, n, proof, r1, r2));
    }

    private static List<String> judge(String desc, boolean genuine, Runnable verification) {
      try {
        verification.run();
        return genuine ? List.of() : List.of("accepted: " + desc);
      } catch (ProofVerificationException e) {
        return genuine ? List.of("rejected genuine: " + desc + ": " + e.getMessage()) : List.of();
      }
    }

    private static boolean same(List<byte[]> a, List<byte[]> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int k = 0; k < a.size(); k++) {
        if (!Arrays.equals(a.get(k), b.get(k))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Every structural corruption of a proof, keyed by description. */
  private static Map<String, List<byte[]>> proofVariants(List<byte[]> proof, byte[] root) {
    Map<String, List<byte[]>> variants = new LinkedHashMap<>();
    variants.put("trailing garbage", append(proof, new byte[0]));
    variants.put("trailing root", append(proof, root));
    variants.put("preceding garbage", prepend(proof, new byte[0]));
    variants.put("preceding root", prepend(proof, root));
    if (!proof.isEmpty()) {
      variants.put("empty proof", List.of());
      variants.put("removed last", proof.subList(0, proof.size() - 1));
      variants.put("removed first", proof.subList(1, proof.size()));
      variants.put("preceding proof[0]", prepend(proof, proof.get(0)));
      variants.put("duplicated last", append(proof, proof.get(proof.size() - 1)));
      variants.put("short element", replace(proof, 0, Arrays.copyOf(proof.get(0), 31)));
      variants.put("long element", replace(proof, 0, Arrays.copyOf(proof.get(0), 33)));
    }
    if (proof.size() > 1) {
      List<byte[]> inserted = new ArrayList<>(proof);
      inserted.add(1, SOME_HASH);
      variants.put("inserted component", inserted);
      variants.put("reversed", reversed(proof));
    }
    for (int e = 0; e < proof.size(); e++) {
      variants.put("proof[" + e + "] bit 3 flipped", flip(proof, e, 3));
      variants.put("proof[" + e + "] bit 4 flipped", flip(proof, e, 4));
      variants.put("proof[" + e + "] replaced by random", replace(proof, e, SOME_HASH));
      if (e + 1 < proof.size()) {
        List<byte[]> swapped = new ArrayList<>(proof);
        Collections.swap(swapped, e, e + 1);
        variants.put("swapped " + e + "," + (e + 1), swapped);
      }
    }
    return variants;
  }

  private static List<byte[]> append(List<byte[]> proof, byte[] extra) {
    List<byte[]> out = new ArrayList<>(proof);
    out.add(extra);
    return out;
  }

  private static List<byte[]> prepend(List<byte[]> proof, byte[] extra) {
    List<byte[]> out = new ArrayList<>();
    out.add(extra);
    out.addAll(proof);
    return out;
  }

  private static List<byte[]> replace(List<byte[]> proof, int index, byte[] value) {
    List<byte[]> out = new ArrayList<>(proof);
    out.set(index, value);
    return out;
  }

  private static List<byte[]> reversed(List<byte[]> proof) {
    List<byte[]> out = new ArrayList<>(proof);
    Collections.reverse(out);
    return out;
  }

  private static List<byte[]> flip(List<byte[]> proof, int element, int bit) {
    return replace(proof, element, flip(proof.get(element), bit));
  }

  private static byte[] flip(byte[] hash, int bit) {
    byte[] out = hash.clone();
    out[bit / 8] ^= (byte) (1 << (bit % 8));
    return out;
  }
}
