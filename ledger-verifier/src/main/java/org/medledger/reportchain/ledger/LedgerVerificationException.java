package org.medledger.reportchain.ledger;

/**
 * The ledger, a block, a proof or a receipt did not verify. Each subclass names one kind of failure and
 * carries what was expected (from the trusted state, the signed header or the caller) and what was found
 * (in the data); the message shows both. Always fatal for the data concerned: retrying the same input gives
 * the same answer. Nothing in {@link LedgerVerifier} answers {@code false} instead.
 *
 * <ul>
 *   <li>{@link LedgerGapException}: a block is missing (heights not contiguous).</li>
 *   <li>{@link LedgerForkException}: the data does not extend the trusted history (previous hash, a second
 *       block at a trusted height, or a tree that is not the trusted tree plus the block's entries).</li>
 *   <li>{@link EditedEntryException}: entries differ from what the signed header commits to.</li>
 *   <li>{@link BadSignatureException}: the header is not signed by the expected key.</li>
 *   <li>{@link LedgerProofException}: an inclusion or consistency proof does not verify.</li>
 *   <li>{@link ReceiptMismatchException}: a valid receipt for some other content.</li>
 *   <li>{@link MalformedBlockException}: the data cannot even be decoded or is structurally wrong.</li>
 * </ul>
 *
 * <p>Unchecked so it flows through reactive pipelines; uncaught, it fails closed.
 */
public abstract class LedgerVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long height;
  private final String what;
  private final String expected;
  private final String found;

  /**
   * @param height the block concerned, -1 if none
   * @param what which value differs, e.g. "previous block hash"
   * @param expected the value from the trusted or signed side
   * @param found the value in the data
   */
  protected LedgerVerificationException(String kind, long height, String what, String expected, String found,
      Throwable cause) {
    super(kind + (height >= 0 ? " at block " + height : "") + ": " + what + " expected " + expected + ", found "
        + found, cause);
    this.height = height;
    this.what = what;
    this.expected = expected;
    this.found = found;
  }

  /** The block concerned, or -1. */
  public long height() {
    return height;
  }

  /** Which value differs. */
  public String what() {
    return what;
  }

  /** The value the trusted state, the signed header or the caller says it must be. */
  public String expected() {
    return expected;
  }

  /** The value found in the data. */
  public String found() {
    return found;
  }
}
