package org.medledger.reportchain.ledger;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Follows a stream of blocks that may arrive out of order or twice (the {@code BlockSealed} events of
 * {@code medledger.ledger.blocks.v1} are keyed by height and relayed at least once) and verifies them in
 * height order with a {@link LedgerVerifier}. Blocks ahead of the next expected height wait in a bounded
 * buffer; when the buffer is full, or when the caller says the stream is complete
 * ({@link #requireNoGap()}), a missing height is a {@link LedgerGapException}. A block at or below the trusted
 * height is a redelivery: equal to the trusted head it is ignored, a different block at the trusted height is a
 * {@link LedgerForkException}, older ones cannot be compared and are ignored. A failed block leaves the
 * trusted state where it was. Framework-free; thread-safe.
 */
public final class LedgerFollower {

  private final LedgerVerifier verifier;
  private final int maxBuffered;
  private final TreeMap<Long, Block> waiting = new TreeMap<>();
  private TrustedState trusted;

  /**
   * @param start the state to continue from: {@link TrustedState#genesis()} or a state kept earlier
   * @param maxBuffered most blocks held while waiting for a missing height
   */
  public LedgerFollower(LedgerVerifier verifier, TrustedState start, int maxBuffered) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.trusted = Objects.requireNonNull(start, "start");
    if (maxBuffered < 1) {
      throw new IllegalArgumentException("maxBuffered must be at least 1");
    }
    this.maxBuffered = maxBuffered;
  }

  /**
   * Offers one block; verifies it and every buffered block that now follows on.
   *
   * @return the trusted state after this call
   * @throws LedgerVerificationException for the first block that fails, or a gap when the buffer is full
   */
  public synchronized TrustedState offer(Block block) {
    long height = block.height();
    if (height <= trusted.height()) {
      if (height == trusted.height()) {
        trusted = verifier.verifyBlock(trusted, block);
      }
      return trusted;
    }
    Block earlier = waiting.putIfAbsent(height, block);
    if (earlier != null && !Objects.equals(earlier.header().blockHash(), block.header().blockHash())) {
      throw new LedgerForkException(height, "two blocks offered at one height", earlier.header().blockHash(),
          block.header().blockHash());
    }
    for (Map.Entry<Long, Block> next = waiting.firstEntry();
        next != null && next.getKey() == trusted.height() + 1;
        next = waiting.firstEntry()) {
      waiting.pollFirstEntry();
      trusted = verifier.verifyBlock(trusted, next.getValue());
    }
    if (waiting.size() > maxBuffered) {
      throw new LedgerGapException(trusted.height() + 1, waiting.firstKey());
    }
    return trusted;
  }

  /** The state verified so far. */
  public synchronized TrustedState trustedState() {
    return trusted;
  }

  /**
   * Declares the stream complete up to now.
   *
   * @throws LedgerGapException if blocks are waiting for a height that never came
   */
  public synchronized void requireNoGap() {
    if (!waiting.isEmpty()) {
      throw new LedgerGapException(trusted.height() + 1, waiting.firstKey());
    }
  }
}
