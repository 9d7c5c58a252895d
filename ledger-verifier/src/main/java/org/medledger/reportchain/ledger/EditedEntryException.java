package org.medledger.reportchain.ledger;

/**
 * Entries differ from what a signed header commits to: they do not hash to the block's entries root, an
 * entry's position fields are wrong, or a receipt's entry does not hash to its leaf hash.
 */
public final class EditedEntryException extends LedgerVerificationException {

  private static final long serialVersionUID = 1L;

  private final long leafIndex;

  /**
   * @param leafIndex the entry concerned, or -1 when only the block as a whole is known to differ
   */
  public EditedEntryException(long height, long leafIndex, String what, String expected, String found) {
    super("edited entry", height, (leafIndex >= 0 ? "entry " + leafIndex + " " : "") + what, expected, found,
        null);
    this.leafIndex = leafIndex;
  }

  /** The entry concerned, or -1 if the mismatch is only known per block. */
  public long leafIndex() {
    return leafIndex;
  }
}
