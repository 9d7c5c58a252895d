package org.medledger.reportchain.ledger;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Read access to the sealed blocks and the deployment's verifier, for the integrity auditor (package
 * {@code audit}), which re-verifies the whole ledger the way an outside party would.
 */
@Component
public class LedgerAuditAccess {

  private final LedgerStore store;
  private final LedgerVerifier verifier;

  LedgerAuditAccess(LedgerStore store, LedgerSigningKeys keys) {
    this.store = store;
    // Keys made later need not be listed: the verifier learns them from their announcements on the ledger.
    this.verifier = new LedgerVerifier(keys.publicKeys());
  }

  /** Sealed blocks from {@code fromHeight} up, in height order, at most {@code limit}. */
  public Flux<Block> blocks(long fromHeight, int limit) {
    return store.blocks(fromHeight, limit);
  }

  /** A verifier for blocks signed by this deployment's ledger keys, each where the ledger says it signs. */
  public LedgerVerifier verifier() {
    return verifier;
  }
}
