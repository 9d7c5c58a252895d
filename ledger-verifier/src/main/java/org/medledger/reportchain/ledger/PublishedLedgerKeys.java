package org.medledger.reportchain.ledger;

import java.util.List;

/**
 * Every ledger signing key a deployment has used, oldest first, as {@code GET /api/ledger/keys} answers: the first
 * signs from block 0, each later one from the block after the {@link LedgerKeyTransition} that announced it. The last
 * one signs new blocks.
 */
public record PublishedLedgerKeys(List<LedgerKeyVersion> keys) {

  public PublishedLedgerKeys {
    keys = keys == null ? List.of() : List.copyOf(keys);
  }
}
