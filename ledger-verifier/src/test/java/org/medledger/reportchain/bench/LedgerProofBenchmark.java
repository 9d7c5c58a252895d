package org.medledger.reportchain.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.medledger.reportchain.chain.ConsistencyProof;
import org.medledger.reportchain.chain.InMemoryMerkleTree;
import org.medledger.reportchain.chain.InclusionProof;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.MerkleTree;
import org.medledger.reportchain.chain.ProofVerifier;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.ledger.BlockAssembler;
import org.medledger.reportchain.ledger.BlockAssembler.Assembled;
import org.medledger.reportchain.ledger.BlockAssembler.Tip;
import org.medledger.reportchain.ledger.ContentHashes;
import org.medledger.reportchain.ledger.LedgerEncoding;
import org.medledger.reportchain.ledger.LedgerEntry;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.ledger.TestSigner;

/**
 * The ledger's tree and proof layer at 10^3, 10^5 and 10^6 entries, in memory (no MongoDB): append throughput
 * (entries encoded, leaf-hashed, added to the tree with every node kept, sealed into signed blocks of 1,000) against
 * a baseline of one SHA-256 per entry's bytes; inclusion and consistency proof generation and verification per
 * proof, against a baseline of log2(n) node hashes; proof sizes next to log2(n). Not a test: run on demand,
 *
 * <pre>
 * mvn -B -pl ledger-verifier -am -Pbench-ledger test-compile [-Dbench.sizes=1000,100000,1000000]
 * </pre>
 */
public final class LedgerProofBenchmark {

  private static final int BLOCK = 1_000;
  private static final int PROOFS = 2_000;

  private LedgerProofBenchmark() {}

  public static void main(String[] args) {
    String sizes = args.length > 0 ? args[0] : "1000,100000,1000000";
    TestSigner signer = TestSigner.generate();
    warmUp(signer);
    System.out.printf(Locale.ROOT, "%-9s %12s %12s %6s | %9s %9s %9s %9s %8s | %6s %9s %9s%n", "entries",
        "append e/s", "sha256 e/s", "ratio", "incl gen", "incl ver", "cons gen", "cons ver", "hash x l2",
        "log2 n", "incl len", "cons len");
    for (String size : sizes.split(",")) {
      run(Integer.parseInt(size.strip()), signer);
    }
  }

  private static void warmUp(TestSigner signer) {
    for (int i = 0; i < 3; i++) {
      build(20_000, signer);
    }
  }

  private static void run(int n, TestSigner signer) {
    // baseline: one SHA-256 over each entry's canonical bytes, nothing else
    List<byte[]> encoded = new ArrayList<>(Math.min(n, 100_000));
    for (int i = 0; i < Math.min(n, 100_000); i++) {
      encoded.add(LedgerEncoding.entry(entry(i)));
    }
    long t0 = System.nanoTime();
    byte[] sink = new byte[32];
    for (int i = 0; i < n; i++) {
      sink = Sha256.digest(encoded.get(i % encoded.size()));
    }
    double baseline = n / seconds(t0);

    t0 = System.nanoTime();
    InMemoryMerkleTree tree = build(n, signer);
    double append = n / seconds(t0);

    SplittableRandom random = new SplittableRandom(n);
    long[] leaves = random.longs(PROOFS, 0, n).toArray();
    long[] olds = random.longs(PROOFS, 1, Math.max(2, n)).toArray();
    byte[] root = tree.root();
    List<InclusionProof> inclusions = new ArrayList<>(PROOFS);
    t0 = System.nanoTime();
    for (long leaf : leaves) {
      inclusions.add(MerkleTree.inclusionProof(tree, leaf, n));
    }
    double inclusionGen = micros(t0, PROOFS);
    t0 = System.nanoTime();
    for (InclusionProof proof : inclusions) {
      ProofVerifier.verifyInclusion(proof, tree.node(0, proof.leafIndex()), root);
    }
    double inclusionVerify = micros(t0, PROOFS);

    List<ConsistencyProof> consistencies = new ArrayList<>(PROOFS);
    List<byte[]> oldRoots = new ArrayList<>(PROOFS);
    for (long old : olds) {
      oldRoots.add(MerkleTree.root(tree, Math.min(old, n)));
    }
    t0 = System.nanoTime();
    for (long old : olds) {
      consistencies.add(MerkleTree.consistencyProof(tree, Math.min(old, n), n));
    }
    double consistencyGen = micros(t0, PROOFS);
    t0 = System.nanoTime();
    for (int i = 0; i < PROOFS; i++) {
      ProofVerifier.verifyConsistency(consistencies.get(i), oldRoots.get(i), root);
    }
    double consistencyVerify = micros(t0, PROOFS);

    // baseline for a proof: log2(n) interior-node hashes
    double log2 = Math.log(n) / Math.log(2);
    int hashes = (int) Math.ceil(log2);
    t0 = System.nanoTime();
    for (int i = 0; i < PROOFS; i++) {
      for (int h = 0; h < hashes; h++) {
        sink = MerkleHasher.hashChildren(sink, root);
      }
    }
    double hashPath = micros(t0, PROOFS);

    double inclusionLength = inclusions.stream().mapToInt(p -> p.hashes().size()).average().orElse(0);
    int inclusionMax = inclusions.stream().mapToInt(p -> p.hashes().size()).max().orElse(0);
    double consistencyLength = consistencies.stream().mapToInt(p -> p.hashes().size()).average().orElse(0);
    int consistencyMax = consistencies.stream().mapToInt(p -> p.hashes().size()).max().orElse(0);
    System.out.printf(Locale.ROOT,
        "%-9d %12.0f %12.0f %6.2f | %7.1fus %7.1fus %7.1fus %7.1fus %6.1fus | %6.2f %4.1f/%-4d %4.1f/%-4d%n",
        n, append, baseline, append / baseline, inclusionGen, inclusionVerify, consistencyGen, consistencyVerify,
        hashPath, log2, inclusionLength, inclusionMax, consistencyLength, consistencyMax);
    if (sink.length != 32) {
      throw new IllegalStateException();
    }
  }

  /** Seals {@code n} entries into signed blocks of {@link #BLOCK}, keeping every tree node as the node store does. */
  private static InMemoryMerkleTree build(int n, TestSigner signer) {
    InMemoryMerkleTree tree = new InMemoryMerkleTree();
    Tip tip = Tip.genesis();
    Instant now = Instant.parse("2026-11-02T09:00:00Z");
    for (int start = 0; start < n; start += BLOCK) {
      List<LedgerEntry> batch = new ArrayList<>(BLOCK);
      for (int i = start; i < Math.min(n, start + BLOCK); i++) {
        batch.add(entry(i));
      }
      Assembled assembled = BlockAssembler.assemble(tip, batch, now, signer);
      BlockAssembler.nodes(assembled.block());
      assembled.block().entries().forEach(e -> tree.appendLeafHash(LedgerEncoding.leafHash(e)));
      tip = BlockAssembler.tipAfter(assembled);
    }
    return tree;
  }

  private static LedgerEntry entry(int i) {
    return LedgerEntry.pending(new UUID(i, i).toString(), LedgerEntryKind.REPORT_DOWNLOADED, "subject-" + (i % 97),
        "report-" + (i % 1013), Instant.ofEpochMilli(1_790_000_000_000L + i),
        ContentHashes.sha256Hex(Integer.toString(i).getBytes(StandardCharsets.US_ASCII)), Map.of("n", "x"));
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double micros(long start, int count) {
    return (System.nanoTime() - start) / 1e3 / count;
  }
}
