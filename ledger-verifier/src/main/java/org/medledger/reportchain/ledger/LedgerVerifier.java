package org.medledger.reportchain.ledger;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.medledger.reportchain.chain.CompactRange;
import org.medledger.reportchain.chain.MerkleTree;
import org.medledger.reportchain.chain.ProofVerificationException;
import org.medledger.reportchain.chain.ProofVerifier;
import org.medledger.reportchain.chain.RootMismatchException;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.crypto.LedgerSignatureException;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;

/**
 * Verifies MedLedger's ledger with nothing but its published Ed25519 public key (or keys, after a key change): blocks (as served at
 * {@code /api/ledger/blocks/{height}} or carried by {@code BlockSealed} events), head updates with consistency
 * proofs, and receipts. Framework-free (the JDK and the chain and crypto packages); other hospital systems and
 * the auditor use it as is.
 *
 * <p>Every check keeps one order, after immudb4j's {@code verifiedGet} and {@code ImmuStateHolder}: the data
 * belongs where it claims (height, previous hash) → inclusion (the entries hash to the signed entries root) →
 * consistency with the last trusted state (the new tree is exactly the trusted tree plus these entries) →
 * signature over the header → only then is the new state returned for the caller to keep. Structural checks
 * come first of all, before any hash is compared (transparency-dev/merkle's "preconditions, then compute, then
 * compare"). Each failure is its own {@link LedgerVerificationException} with expected and found values;
 * nothing answers {@code false}, and a state is never advanced past a failure.
 *
 * <p>Thread-safe. The caller holds the {@link TrustedState}; the verifier itself keeps only which key signs which
 * height, learned from the blocks it verified ({@link LedgerKeySchedule}), so use one verifier per ledger.
 */
public final class LedgerVerifier {

  private final LedgerKeySchedule schedule;

  /** A verifier for blocks signed by {@code publicKey} (Ed25519) and by the keys it announces. */
  public LedgerVerifier(PublicKey publicKey) {
    this(List.of(Objects.requireNonNull(publicKey, "publicKey")));
  }

  /**
   * A verifier that trusts {@code trustedKeys} (Ed25519) for the first block it verifies, and after that follows
   * the chain's own {@linkplain LedgerKeyTransition key announcements}: a block must be signed by the key of the
   * block before it, or by the key that block announced. Pass every key a deployment published ({@code GET
   * /api/ledger/keys}) when verifying from a point after a key change.
   */
  public LedgerVerifier(Collection<PublicKey> trustedKeys) {
    try {
      for (PublicKey key : trustedKeys) {
        LedgerSignatureVerifier.parsePublicKey(Objects.requireNonNull(key, "trusted key").getEncoded());
      }
    } catch (LedgerSignatureException e) {
      throw new IllegalArgumentException("not an Ed25519 ledger key", e);
    }
    this.schedule = new LedgerKeySchedule(trustedKeys);
  }

  /** A verifier for the PEM "PUBLIC KEY" served at {@code /api/ledger/public-key}. */
  public static LedgerVerifier forPem(String pem) {
    return new LedgerVerifier(LedgerSignatureVerifier.parsePublicKeyPem(pem));
  }

  /** The id of the first key this verifier trusts. */
  public String keyId() {
    return schedule.trustedKeyIds().iterator().next();
  }

  /**
   * Verifies {@code blocks} in order, each against the state the previous one established.
   *
   * @return the state after the last block
   * @throws LedgerVerificationException at the first block that fails; the blocks before it were good
   */
  public TrustedState verifyBlocks(TrustedState trusted, List<Block> blocks) {
    TrustedState state = trusted;
    for (Block block : blocks) {
      state = verifyBlock(state, block);
    }
    return state;
  }

  /**
   * Verifies that {@code block} is the block after {@code trusted} and returns the state it establishes. A
   * block equal to the trusted head (a redelivered event) returns {@code trusted} unchanged.
   *
   * @throws MalformedBlockException if the block is structurally wrong
   * @throws LedgerGapException if it is not at height {@code trusted.height() + 1}
   * @throws LedgerForkException if it does not link to or extend the trusted head
   * @throws EditedEntryException if its entries differ from its signed entries root
   * @throws BadSignatureException if the header is not signed by the key the chain has established for its height
   */
  public TrustedState verifyBlock(TrustedState trusted, Block block) {
    Objects.requireNonNull(trusted, "trusted");
    if (block == null || block.header() == null) {
      throw new MalformedBlockException(-1, "block", "a block with a header", "none");
    }
    SignedHeader header = block.header();
    long height = header.height();
    // Preconditions: the header encodes, the counts agree, the range has the size's shape.
    byte[] headerBytes = LedgerEncoding.header(header);
    byte[] blockHash = Sha256.digest(headerBytes);
    requireStructure(block);

    // 1. Position: the next height, linked to the trusted head.
    if (height == trusted.height()) {
      if (LedgerEncoding.hex(blockHash).equals(trusted.blockHash())) {
        return trusted;
      }
      throw new LedgerForkException(height, "block hash at the trusted height", trusted.blockHash(),
          LedgerEncoding.hex(blockHash));
    }
    if (height != trusted.height() + 1) {
      throw new LedgerGapException(trusted.height() + 1, height);
    }
    if (!trusted.blockHash().equals(header.previousHash())) {
      throw new LedgerForkException(height, "previous block hash", trusted.blockHash(), header.previousHash());
    }

    // 2. Inclusion: each entry at its position, all of them hashing to the signed entries root.
    List<byte[]> leafHashes = new ArrayList<>(block.entries().size());
    for (int i = 0; i < block.entries().size(); i++) {
      LedgerEntry entry = block.entries().get(i);
      long leafIndex = header.treeSizeBefore() + i;
      if (entry.leafIndex() == null || entry.leafIndex() != leafIndex) {
        throw new EditedEntryException(height, leafIndex, "leaf index", Long.toString(leafIndex),
            String.valueOf(entry.leafIndex()));
      }
      if (entry.blockHeight() == null || entry.blockHeight() != height) {
        throw new EditedEntryException(height, leafIndex, "block height", Long.toString(height),
            String.valueOf(entry.blockHeight()));
      }
      leafHashes.add(LedgerEncoding.leafHash(entry));
    }
    String entriesRoot = LedgerEncoding.hex(MerkleTree.root(leafHashes));
    if (!entriesRoot.equals(header.entriesRoot())) {
      throw new EditedEntryException(height, -1, "entries root", header.entriesRoot(), entriesRoot);
    }

    // 3. Consistency: the tree before this block is the trusted tree, and this block extends it by its entries.
    if (header.treeSizeBefore() != trusted.treeSize()) {
      throw new LedgerForkException(height, "tree size before the block", Long.toString(trusted.treeSize()),
          Long.toString(header.treeSizeBefore()));
    }
    CompactRange range = CompactRange.of(header.treeSizeBefore(), block.treeRangeBefore().stream()
        .map(hex -> LedgerEncoding.hash(hex, "tree range", height)).toList());
    String rootBefore = LedgerEncoding.hex(range.root());
    if (!rootBefore.equals(trusted.treeRoot())) {
      throw new LedgerForkException(height, "tree root before the block", trusted.treeRoot(), rootBefore);
    }
    leafHashes.forEach(range::append);
    String rootAfter = LedgerEncoding.hex(range.root());
    if (!rootAfter.equals(header.treeRoot())) {
      throw new LedgerForkException(height, "tree root (trusted tree plus this block's entries)", rootAfter,
          header.treeRoot());
    }

    // 4. Signature, by the key the chain so far has established; then what the block announces for the next one.
    PublicKey signedBy = verifySignature(header, headerBytes);
    LedgerKeyTransition announced = LedgerKeyTransition.in(block);

    // The claimed hash is a convenience field; everything above used the computed one.
    if (!LedgerEncoding.hex(blockHash).equals(header.blockHash())) {
      throw new MalformedBlockException(height, "block hash field", LedgerEncoding.hex(blockHash),
          String.valueOf(header.blockHash()));
    }
    schedule.learn(height, signedBy, announced);
    return new TrustedState(height, LedgerEncoding.hex(blockHash), header.treeSize(), header.treeRoot());
  }

  /**
   * Moves from a trusted head to a newer signed head without the blocks in between, with an RFC 9162
   * consistency proof between their tree sizes (from {@code /api/ledger/proofs/consistency}). The previous-hash
   * chain of skipped blocks is not checked (it cannot be without them); the tree is.
   *
   * @throws LedgerForkException if the new head goes back in height or size, differs at the same height, or the
   *     proof shows its tree does not extend the trusted one
   * @throws LedgerProofException if the proof is malformed
   * @throws BadSignatureException if the new head is not signed by the key established for its height (a head
   *     update cannot see a key announcement in the blocks it skips: verify those blocks instead)
   */
  public TrustedState verifyHeadUpdate(TrustedState trusted, SignedHeader next, List<String> consistencyProof) {
    long height = next.height();
    byte[] headerBytes = LedgerEncoding.header(next);
    String blockHash = LedgerEncoding.hex(Sha256.digest(headerBytes));
    if (height < trusted.height() || next.treeSize() < trusted.treeSize()) {
      throw new LedgerForkException(height, "height and tree size (must not go back)",
          ">= " + trusted.height() + " and >= " + trusted.treeSize(), height + " and " + next.treeSize());
    }
    if (height == trusted.height() && !blockHash.equals(trusted.blockHash())) {
      throw new LedgerForkException(height, "block hash at the trusted height", trusted.blockHash(), blockHash);
    }
    List<byte[]> proof = hashes(consistencyProof, "consistency proof", height);
    try {
      ProofVerifier.verifyConsistency(trusted.treeSize(), next.treeSize(), proof,
          LedgerEncoding.hash(trusted.treeRoot(), "trusted tree root", height),
          LedgerEncoding.hash(next.treeRoot(), "tree root", height));
    } catch (RootMismatchException e) {
      throw new LedgerForkException(height, "consistency with the trusted tree of size " + trusted.treeSize(),
          LedgerEncoding.hex(e.expected()), LedgerEncoding.hex(e.calculated()), e);
    } catch (ProofVerificationException e) {
      throw new LedgerProofException(height, "consistency proof", e);
    }
    verifySignature(next, headerBytes);
    if (!blockHash.equals(next.blockHash())) {
      throw new MalformedBlockException(height, "block hash field", blockHash, String.valueOf(next.blockHash()));
    }
    return TrustedState.of(next);
  }

  /**
   * Checks that {@code header} is signed by the key established for its height (any trusted key before the first
   * verified block).
   *
   * @throws BadSignatureException for another key id or a signature that does not verify
   */
  public void verifySignature(SignedHeader header) {
    verifySignature(header, LedgerEncoding.header(header));
  }

  private PublicKey verifySignature(SignedHeader header, byte[] headerBytes) {
    PublicKey publicKey = schedule.keyFor(header.height(), header.keyId());
    byte[] signature = LedgerEncoding.signature(header.signature(), header.height());
    try {
      LedgerSignatureVerifier.verify(publicKey, headerBytes, signature);
    } catch (LedgerSignatureException e) {
      throw new BadSignatureException(header.height(), "Ed25519 signature over the header",
          "a valid signature by key " + header.keyId(), header.signature(), e);
    }
    return publicKey;
  }

  /**
   * The one of {@code keys} that {@code head} names, for receipts: a receipt's head may be signed by any key the
   * deployment published, older ones included.
   *
   * @throws BadSignatureException if none of them has the head's key id
   */
  public static PublicKey keyNamedBy(SignedHeader head, Collection<PublicKey> keys) {
    List<String> ids = keys.stream().map(LedgerSignatureVerifier::keyId).toList();
    int index = ids.indexOf(head.keyId());
    if (index < 0) {
      throw new BadSignatureException(head.height(), "key id", "one of the published keys " + ids, head.keyId(),
          null);
    }
    return List.copyOf(keys).get(index);
  }

  /**
   * Verifies a receipt offline: the entry is the {@code REPORT_STORED} entry for {@code expectedContentHash}
   * (the Merkle root of the report the caller holds), it is included in the signed head's tree, and the head
   * is signed by {@code publicKey}.
   *
   * @throws ReceiptMismatchException if the receipt is for another content hash or kind of entry
   * @throws EditedEntryException if the entry does not hash to the receipt's leaf hash
   * @throws LedgerProofException if the inclusion proof does not lead to the signed tree root
   * @throws BadSignatureException if the head is not signed by {@code publicKey}
   * @throws MalformedBlockException if the receipt is structurally wrong
   */
  public static void verifyReceipt(LedgerReceipt receipt, PublicKey publicKey, String expectedContentHash) {
    requireReceipt(receipt);
    if (receipt.entry().kind() != LedgerEntryKind.REPORT_STORED) {
      throw new ReceiptMismatchException("entry kind", LedgerEntryKind.REPORT_STORED.name(),
          String.valueOf(receipt.entry().kind()));
    }
    if (!Objects.equals(expectedContentHash, receipt.entry().contentHash())) {
      throw new ReceiptMismatchException("content hash (report root)", expectedContentHash,
          receipt.entry().contentHash());
    }
    verifyReceipt(receipt, publicKey);
  }

  /**
   * Verifies a receipt against the file its holder has: the entry is a {@code REPORT_STORED} entry whose
   * {@link LedgerEntry#PLAINTEXT_COMMITMENT} attribute is the commitment of {@code plaintextSha256} (SHA-256 of the
   * file, hex) under {@code saltHex} (from the report's receipt), it is included in the signed head's tree, and the
   * head is signed by {@code publicKey}. The entry's content hash (the ciphertext Merkle root) cannot be recomputed
   * from the file and is not checked here.
   *
   * @throws ReceiptMismatchException if the entry is of another kind, has no plaintext commitment (a report stored
   *     before there was one), or commits to another file
   */
  public static void verifyReceiptForFile(LedgerReceipt receipt, PublicKey publicKey, String plaintextSha256,
      String saltHex) {
    requireReceipt(receipt);
    LedgerEntry entry = receipt.entry();
    if (entry.kind() != LedgerEntryKind.REPORT_STORED) {
      throw new ReceiptMismatchException("entry kind", LedgerEntryKind.REPORT_STORED.name(),
          String.valueOf(entry.kind()));
    }
    String committed = entry.attributes().get(LedgerEntry.PLAINTEXT_COMMITMENT);
    if (committed == null) {
      throw new ReceiptMismatchException("commitment to the report file", "one",
          "none (the entry predates plaintext commitments; only the stored ciphertext can be checked)");
    }
    String computed;
    try {
      computed = PlaintextCommitment.of(saltHex, plaintextSha256);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ReceiptMismatchException("plaintext salt of the receipt", "32 bytes of hex", String.valueOf(saltHex));
    }
    if (!committed.equals(computed)) {
      throw new ReceiptMismatchException("commitment to the report file", committed, computed);
    }
    verifyReceipt(receipt, publicKey);
  }

  /** {@link #verifyReceipt(LedgerReceipt, PublicKey, String)} that also requires the report id. */
  public static void verifyReceipt(LedgerReceipt receipt, PublicKey publicKey, String expectedReportId,
      String expectedContentHash) {
    requireReceipt(receipt);
    if (!Objects.equals(expectedReportId, receipt.entry().reportId())) {
      throw new ReceiptMismatchException("report id", expectedReportId, receipt.entry().reportId());
    }
    verifyReceipt(receipt, publicKey, expectedContentHash);
  }

  /**
   * Verifies that a receipt's entry, whatever its kind and content, is in the ledger signed by
   * {@code publicKey}: leaf hash → inclusion in the head's tree → the head's signature.
   */
  public static void verifyReceipt(LedgerReceipt receipt, PublicKey publicKey) {
    requireReceipt(receipt);
    SignedHeader head = receipt.head();
    long height = head.height();
    LedgerEntry entry = receipt.entry();
    if (entry.leafIndex() == null || entry.leafIndex() != receipt.leafIndex()) {
      throw new EditedEntryException(height, receipt.leafIndex(), "leaf index of the entry",
          Long.toString(receipt.leafIndex()), String.valueOf(entry.leafIndex()));
    }
    if (receipt.treeSize() != head.treeSize()) {
      throw new MalformedBlockException(height, "receipt tree size", Long.toString(head.treeSize()),
          Long.toString(receipt.treeSize()));
    }
    byte[] leafHash = LedgerEncoding.leafHash(entry);
    if (receipt.leafHash() != null && !LedgerEncoding.hex(leafHash).equals(receipt.leafHash())) {
      throw new EditedEntryException(height, receipt.leafIndex(), "leaf hash", receipt.leafHash(),
          LedgerEncoding.hex(leafHash));
    }
    verifyInclusion(leafHash, receipt.leafIndex(), receipt.auditPath(), head);
    new LedgerVerifier(publicKey).verifySignature(head);
  }

  /**
   * Checks an inclusion proof (from {@code /api/ledger/proofs/inclusion}) of {@code entry} against the tree of
   * {@code head}; the caller checks the head's signature (or trusts the head already).
   *
   * @throws LedgerProofException if the proof does not lead to {@code head.treeRoot}
   */
  public static void verifyInclusion(LedgerEntry entry, long leafIndex, List<String> auditPath, SignedHeader head) {
    verifyInclusion(LedgerEncoding.leafHash(entry), leafIndex, auditPath, head);
  }

  private static void verifyInclusion(byte[] leafHash, long leafIndex, List<String> auditPath, SignedHeader head) {
    long height = head.height();
    List<byte[]> proof = hashes(auditPath, "audit path", height);
    byte[] root = LedgerEncoding.hash(head.treeRoot(), "tree root", height);
    try {
      ProofVerifier.verifyInclusion(leafIndex, head.treeSize(), leafHash, proof, root);
    } catch (ProofVerificationException e) {
      throw new LedgerProofException(height, "inclusion of leaf " + leafIndex + " in the tree of size "
          + head.treeSize(), e);
    }
  }

  private static void requireReceipt(LedgerReceipt receipt) {
    if (receipt == null || receipt.entry() == null || receipt.head() == null) {
      throw new MalformedBlockException(-1, "receipt", "an entry and a signed head", "none");
    }
    if (!LedgerSignatureVerifier.ALGORITHM.equals(receipt.algorithm())) {
      throw new MalformedBlockException(receipt.head().height(), "receipt algorithm", LedgerSignatureVerifier.ALGORITHM,
          String.valueOf(receipt.algorithm()));
    }
  }

  private static void requireStructure(Block block) {
    SignedHeader header = block.header();
    long height = header.height();
    if (block.entries().size() != header.entryCount()) {
      throw new MalformedBlockException(height, "entry count", Integer.toString(header.entryCount()),
          Integer.toString(block.entries().size()));
    }
    int rangeLength = Long.bitCount(header.treeSizeBefore());
    if (block.treeRangeBefore().size() != rangeLength) {
      throw new MalformedBlockException(height, "compact range length for " + header.treeSizeBefore() + " leaves",
          Integer.toString(rangeLength), Integer.toString(block.treeRangeBefore().size()));
    }
  }

  private static List<byte[]> hashes(List<String> hex, String what, long height) {
    if (hex == null) {
      throw new MalformedBlockException(height, what, "a list of hashes", "none");
    }
    List<byte[]> hashes = new ArrayList<>(hex.size());
    for (int i = 0; i < hex.size(); i++) {
      hashes.add(LedgerEncoding.hash(hex.get(i), what + " element " + i, height));
    }
    return hashes;
  }
}
