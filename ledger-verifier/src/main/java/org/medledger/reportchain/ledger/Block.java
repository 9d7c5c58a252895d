package org.medledger.reportchain.ledger;

import java.util.List;

/**
 * A sealed block: its signed header, its entries in leaf order, and the compact range of the log just before
 * it, which lets anyone holding only the previous (trusted) tree head check that this block extends that tree
 * by exactly these entries.
 *
 * <p>{@code treeRangeBefore} is the RFC 6962 "compact range" of leaves {@code [0, header.treeSizeBefore())}:
 * the roots of the perfect subtrees one per set bit of that size, largest (leftmost) first, lowercase hex.
 * Folding them right to left gives the previous tree root; appending the entries' leaf hashes to them gives
 * this block's tree root. It is not signed because it is checked against signed roots.
 *
 * @param header the signed header
 * @param treeRangeBefore compact range of the log before this block
 * @param entries the block's entries, with leaf indexes {@code treeSizeBefore ...} in order
 */
public record Block(SignedHeader header, List<String> treeRangeBefore, List<LedgerEntry> entries) {

  public Block {
    treeRangeBefore = treeRangeBefore == null ? List.of() : List.copyOf(treeRangeBefore);
    entries = entries == null ? List.of() : List.copyOf(entries);
  }

  public long height() {
    return header.height();
  }
}
