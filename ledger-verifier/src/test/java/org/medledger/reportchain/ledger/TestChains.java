package org.medledger.reportchain.ledger;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.medledger.reportchain.chain.InMemoryMerkleTree;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.ledger.BlockAssembler.Assembled;
import org.medledger.reportchain.ledger.BlockAssembler.Tip;

/** In-memory ledgers built with the sealer's own {@link BlockAssembler}, for verifier tests. */
final class TestChains {

  static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
  /** Kinds whose entries carry no meaning a verifier checks (a key announcement does). */
  private static final List<LedgerEntryKind> ORDINARY_KINDS = Arrays.stream(LedgerEntryKind.values())
      .filter(kind -> kind != LedgerEntryKind.LEDGER_KEY_ROTATED)
      .toList();

  private TestChains() {}

  /** A chain and a reference tree over all of its leaves. */
  record Chain(List<Block> blocks, Tip tip, InMemoryMerkleTree tree) {

    Block block(int height) {
      return blocks.get(height);
    }

    /** The state a verifier keeps after verifying blocks 0..height. */
    TrustedState stateAt(int height) {
      return TrustedState.of(blocks.get(height).header());
    }

    List<LedgerEntry> entries() {
      return blocks.stream().flatMap(block -> block.entries().stream()).toList();
    }
  }

  /** The {@code n}-th test entry: deterministic apart from its random id. */
  static LedgerEntry entry(int n) {
    LedgerEntryKind kind = ORDINARY_KINDS.get(n % ORDINARY_KINDS.size());
    return LedgerEntry.pending(UUID.randomUUID().toString(), kind, "subject-" + (n % 7),
        kind == LedgerEntryKind.KEY_ROTATED ? null : "report-" + (n % 5), T0.plusMillis(1000L * n + n % 3),
        ContentHashes.sha256Hex(("content " + n).getBytes(StandardCharsets.UTF_8)),
        n % 2 == 0 ? Map.of("requestId", "r-" + n, "outcome", "ok") : Map.of());
  }

  /** Blocks of the given sizes over fresh entries. */
  static Chain build(BlockSigner signer, int... blockSizes) {
    List<List<LedgerEntry>> batches = new ArrayList<>();
    int n = 0;
    for (int size : blockSizes) {
      List<LedgerEntry> batch = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        batch.add(entry(n++));
      }
      batches.add(batch);
    }
    return seal(Collections.nCopies(batches.size(), signer), batches);
  }

  /** The entry announcing that {@code next} signs the blocks after the one that holds it. */
  static LedgerEntry keyAnnouncement(BlockSigner previous, PublicKey next) {
    LedgerKeyTransition transition = LedgerKeyTransition.to(previous.keyId(), next);
    return LedgerEntry.pending(UUID.randomUUID().toString(), LedgerEntryKind.LEDGER_KEY_ROTATED, "admin-1", null,
        T0, transition.contentHash(), transition.attributes());
  }

  /**
   * A chain that changes key: {@code before} blocks by {@code first}, then a one-entry block by {@code first} holding
   * {@code announcement}, then {@code after} blocks by {@code second}.
   */
  static Chain rotating(BlockSigner first, BlockSigner second, LedgerEntry announcement, int before, int after) {
    List<List<LedgerEntry>> batches = new ArrayList<>();
    List<BlockSigner> signers = new ArrayList<>();
    int n = 0;
    for (int i = 0; i < before + 1 + after; i++) {
      batches.add(i == before ? List.of(announcement) : List.of(entry(n++), entry(n++)));
      signers.add(i <= before ? first : second);
    }
    return seal(signers, batches);
  }

  /** Reseals the same (unsequenced) entries, editing one, as someone rewriting history with {@code signer} would. */
  static Chain rewrite(Chain original, BlockSigner signer, int editedLeaf, UnaryOperator<LedgerEntry> edit) {
    List<List<LedgerEntry>> batches = new ArrayList<>();
    for (Block block : original.blocks()) {
      List<LedgerEntry> batch = new ArrayList<>();
      for (LedgerEntry entry : block.entries()) {
        LedgerEntry unsequenced = new LedgerEntry(entry.id(), entry.kind(), entry.actor(), entry.reportId(),
            entry.time(), entry.contentHash(), entry.attributes(), null, null);
        batch.add(entry.leafIndex() == editedLeaf ? edit.apply(unsequenced) : unsequenced);
      }
      batches.add(batch);
    }
    return seal(Collections.nCopies(batches.size(), signer), batches);
  }

  private static Chain seal(List<BlockSigner> signers, List<List<LedgerEntry>> batches) {
    List<Block> blocks = new ArrayList<>();
    InMemoryMerkleTree tree = new InMemoryMerkleTree();
    Tip tip = Tip.genesis();
    for (int i = 0; i < batches.size(); i++) {
      Assembled assembled = BlockAssembler.assemble(tip, batches.get(i), T0.plusSeconds(60L * (i + 1)),
          signers.get(i));
      assembled.block().entries().forEach(entry -> tree.appendLeafHash(LedgerEncoding.leafHash(entry)));
      blocks.add(assembled.block());
      tip = BlockAssembler.tipAfter(assembled);
    }
    return new Chain(List.copyOf(blocks), tip, tree);
  }

  /** {@code block} with its header replaced. */
  static Block withHeader(Block block, UnaryOperator<SignedHeader> edit) {
    return new Block(edit.apply(block.header()), block.treeRangeBefore(), block.entries());
  }

  /** {@code block} with entry {@code index} replaced. */
  static Block withEntry(Block block, int index, UnaryOperator<LedgerEntry> edit) {
    List<LedgerEntry> entries = new ArrayList<>(block.entries());
    entries.set(index, edit.apply(entries.get(index)));
    return new Block(block.header(), block.treeRangeBefore(), entries);
  }

  static LedgerEntry withActor(LedgerEntry entry, String actor) {
    return new LedgerEntry(entry.id(), entry.kind(), actor, entry.reportId(), entry.time(), entry.contentHash(),
        entry.attributes(), entry.leafIndex(), entry.blockHeight());
  }

  static SignedHeader withPreviousHash(SignedHeader h, String previousHash) {
    return new SignedHeader(h.version(), h.height(), previousHash, h.entryCount(), h.entriesRoot(), h.treeSize(),
        h.treeRoot(), h.sealedAt(), h.keyId(), h.blockHash(), h.signature());
  }

  static SignedHeader withTreeRoot(SignedHeader h, String treeRoot) {
    return new SignedHeader(h.version(), h.height(), h.previousHash(), h.entryCount(), h.entriesRoot(), h.treeSize(),
        treeRoot, h.sealedAt(), h.keyId(), h.blockHash(), h.signature());
  }

  static SignedHeader withSealedAt(SignedHeader h, Instant sealedAt) {
    return new SignedHeader(h.version(), h.height(), h.previousHash(), h.entryCount(), h.entriesRoot(), h.treeSize(),
        h.treeRoot(), sealedAt, h.keyId(), h.blockHash(), h.signature());
  }

  static SignedHeader withSignature(SignedHeader h, String signature) {
    return new SignedHeader(h.version(), h.height(), h.previousHash(), h.entryCount(), h.entriesRoot(), h.treeSize(),
        h.treeRoot(), h.sealedAt(), h.keyId(), h.blockHash(), signature);
  }

  /** {@code hex} with the lowest bit of its last digit flipped. */
  static String flipLastBit(String hex) {
    char last = hex.charAt(hex.length() - 1);
    int flipped = Character.digit(last, 16) ^ 1;
    return hex.substring(0, hex.length() - 1) + Character.forDigit(flipped, 16);
  }
}
