package org.medledger.reportchain.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.reportchain.chain.CompactRange;
import org.medledger.reportchain.chain.MerkleTree;
import org.medledger.reportchain.chain.Sha256;

/**
 * Builds and signs the next block from the chain's tip and a batch of pending entries; framework-free and
 * deterministic for a given tip, batch, time and key. The service seals with it; tests and tools that need
 * a ledger of their own build one with it, so there is one way to produce a block. Whether the block becomes the chain's block at its
 * height is decided by the store (one block per height), not here.
 */
public final class BlockAssembler {

  private BlockAssembler() {}

  /**
   * The head a new block extends, with the compact range of the log at its tree size.
   *
   * @param rangeAfter compact range of leaves {@code [0, treeSize)}, hex, largest subtree first
   */
  public record Tip(long height, String blockHash, long treeSize, String treeRoot, List<String> rangeAfter,
      Instant sealedAt) {

    public Tip {
      rangeAfter = List.copyOf(rangeAfter);
    }

    public static Tip genesis() {
      TrustedState empty = TrustedState.genesis();
      return new Tip(empty.height(), empty.blockHash(), 0, empty.treeRoot(), List.of(), Instant.EPOCH);
    }

    /** The compact range, checked against the tip's own tree root and size. */
    public CompactRange range() {
      CompactRange range = CompactRange.of(treeSize, rangeAfter.stream()
          .map(hex -> LedgerEncoding.hash(hex, "tree range", height)).toList());
      String root = LedgerEncoding.hex(range.root());
      if (!root.equals(treeRoot)) {
        throw new LedgerForkException(height, "tree root of the stored compact range", treeRoot, root);
      }
      return range;
    }
  }

  /** A signed block and the compact range of the log after it (the next block's tip range). */
  public record Assembled(Block block, List<String> rangeAfter) {}

  /**
   * Seals {@code entries} (unsequenced, in the order they get leaf indexes) into the block after {@code tip}.
   * The block time is {@code now} truncated to milliseconds, but never before the tip's.
   */
  public static Assembled assemble(Tip tip, List<LedgerEntry> entries, Instant now, BlockSigner signer) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a block holds at least one entry");
    }
    long height = tip.height() + 1;
    CompactRange range = tip.range();
    List<String> rangeBefore = tip.rangeAfter();
    List<LedgerEntry> sealed = new ArrayList<>(entries.size());
    List<byte[]> leafHashes = new ArrayList<>(entries.size());
    for (LedgerEntry entry : entries) {
      LedgerEntry positioned = entry.atPosition(tip.treeSize() + sealed.size(), height);
      byte[] leafHash = LedgerEncoding.leafHash(positioned);
      range.append(leafHash);
      leafHashes.add(leafHash);
      sealed.add(positioned);
    }
    Instant sealedAt = now.truncatedTo(ChronoUnit.MILLIS);
    if (sealedAt.isBefore(tip.sealedAt())) {
      sealedAt = tip.sealedAt();
    }
    byte[] keyId = LedgerEncoding.hash(signer.keyId(), "key id", height);
    byte[] entriesRoot = MerkleTree.root(leafHashes);
    byte[] headerBytes = LedgerEncoding.header(height, LedgerEncoding.hash(tip.blockHash(), "tip hash", height),
        entries.size(), entriesRoot, range.size(), range.root(), sealedAt.toEpochMilli(), keyId);
    SignedHeader header = new SignedHeader(LedgerEncoding.FORMAT, height, tip.blockHash(), entries.size(),
        LedgerEncoding.hex(entriesRoot), range.size(), LedgerEncoding.hex(range.root()), sealedAt,
        signer.keyId(), LedgerEncoding.hex(Sha256.digest(headerBytes)), LedgerEncoding.hex(signer.sign(headerBytes)));
    List<String> rangeAfter = range.hashes().stream().map(LedgerEncoding::hex).toList();
    return new Assembled(new Block(header, rangeBefore, sealed), rangeAfter);
  }

  /** The tip that {@code assembled} establishes. */
  public static Tip tipAfter(Assembled assembled) {
    SignedHeader header = assembled.block().header();
    return new Tip(header.height(), header.blockHash(), header.treeSize(), header.treeRoot(),
        assembled.rangeAfter(), header.sealedAt());
  }

  /**
   * Every perfect-subtree node that {@code block}'s entries complete, keyed {@link #nodeId}: the nodes a
   * store keeps so that proofs for any tree size are O(log n) look-ups.
   */
  public static Map<String, byte[]> nodes(Block block) {
    SignedHeader header = block.header();
    CompactRange range = CompactRange.of(header.treeSizeBefore(), block.treeRangeBefore().stream()
        .map(hex -> LedgerEncoding.hash(hex, "tree range", header.height())).toList());
    Map<String, byte[]> nodes = new LinkedHashMap<>();
    for (LedgerEntry entry : block.entries()) {
      range.append(LedgerEncoding.leafHash(entry), (level, index, hash) -> nodes.put(nodeId(level, index), hash));
    }
    return nodes;
  }

  /** The store key of the node over leaves {@code [index << level, (index + 1) << level)}. */
  public static String nodeId(int level, long index) {
    return level + ":" + index;
  }
}
