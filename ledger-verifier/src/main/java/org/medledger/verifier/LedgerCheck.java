package org.medledger.verifier;

import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.medledger.reportchain.chain.Sha256;
import org.medledger.reportchain.ledger.Block;
import org.medledger.reportchain.ledger.EditedEntryException;
import org.medledger.reportchain.ledger.LedgerFollower;
import org.medledger.reportchain.ledger.LedgerForkException;
import org.medledger.reportchain.ledger.LedgerGapException;
import org.medledger.reportchain.ledger.LedgerJson;
import org.medledger.reportchain.ledger.LedgerVerifier;
import org.medledger.reportchain.ledger.TrustedState;

/**
 * Verifies a complete copy of the ledger, block by block in arrival order, from the first block: signatures,
 * chaining, entries and tree roots ({@link LedgerFollower}), then that the head a verifier trusted earlier lies on
 * this chain. Unlike the follower, which ignores blocks older than its head, it keeps one digest per height, so a
 * second, different block at a height already seen is reported (a fork, or an edited copy of the same header),
 * however late it arrives. Not thread-safe; one instance per run.
 */
final class LedgerCheck {

  /** Blocks held while waiting for a missing height before it counts as a gap. */
  static final int MAX_WAITING = 10_000;

  private final LedgerFollower follower;
  private final Map<Long, Seen> seen = new HashMap<>();
  private long blocks;

  private record Seen(String blockHash, byte[] contentDigest) {}

  LedgerCheck(LedgerVerifier verifier) {
    this.follower = new LedgerFollower(verifier, TrustedState.genesis(), MAX_WAITING);
  }

  /**
   * Offers the next block as it arrived.
   *
   * @throws org.medledger.reportchain.ledger.LedgerVerificationException at the first block that fails
   */
  void offer(Block block) {
    Objects.requireNonNull(block, "block");
    long height = block.height();
    Seen now = new Seen(block.header().blockHash(), Sha256.digest(LedgerJson.writeBytes(block)));
    Seen before = seen.putIfAbsent(height, now);
    if (before != null) {
      if (!Objects.equals(before.blockHash(), now.blockHash())) {
        throw new LedgerForkException(height, "two different blocks at one height", before.blockHash(),
            now.blockHash());
      }
      if (!MessageDigest.isEqual(before.contentDigest(), now.contentDigest())) {
        throw new EditedEntryException(height, -1, "entries of a second copy of the block",
            "the entries of its first copy", "different entries under the same header");
      }
      return;
    }
    blocks++;
    follower.offer(block);
  }

  /**
   * Declares the copy complete and checks it against {@code trusted} (the head kept by an earlier run, or
   * {@code null} for none).
   *
   * @return the verified head, to be trusted from now on
   * @throws LedgerGapException if a height is missing
   * @throws LedgerForkException if the copy ends before the trusted head or has another block at its height
   */
  TrustedState finish(TrustedState trusted) {
    follower.requireNoGap();
    TrustedState head = follower.trustedState();
    if (trusted != null && trusted.height() >= 0) {
      if (head.height() < trusted.height()) {
        // Going back behind a trusted head is what verifyHeadUpdate calls a fork: the history shown is another one.
        throw new LedgerForkException(head.height(), "last block (must not go back behind the trusted head)",
            ">= " + trusted.height(), Long.toString(head.height()));
      }
      String hashAtTrustedHeight = seen.get(trusted.height()).blockHash();
      if (!trusted.blockHash().equals(hashAtTrustedHeight)) {
        throw new LedgerForkException(trusted.height(), "block hash at the trusted head", trusted.blockHash(),
            hashAtTrustedHeight);
      }
    }
    return head;
  }

  /** Distinct blocks offered. */
  long blocks() {
    return blocks;
  }
}
